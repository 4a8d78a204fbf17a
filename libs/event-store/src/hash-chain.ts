import { createHash, createHmac } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from './event-store.port';

/**
 * Tamper evidence for a stream: every event carries `metadata.hash`, over a
 * canonical serialization of what the event says (stream, revision, id, type,
 * data, who/when/why metadata) and the previous event's hash. Editing,
 * deleting or reordering a stored event breaks the chain from that event on.
 *
 * Version 2 (`metadata.hashKeyId` set) is an HMAC-SHA256 under a key kept
 * outside the database (AUDIT_CHAIN_KEY): someone who can write the database
 * but not read the key cannot recompute a consistent chain after an edit.
 * Version 1 (plain SHA-256, no key id) is how events were chained before; such
 * events keep verifying, but once a stream has a keyed event every later one
 * must be keyed (a rewrite back to version 1 is a break). A consistent
 * rewrite of a whole stream is caught against signed checkpoints of the
 * stream heads (audit-checkpoint.ts).
 */
export const HASH_CHAIN_VERSION = 2;

/** A key of the chain: its id (derived from it, stored in each event) and the secret. */
export interface ChainKey {
  id: string;
  secret: string;
}

export const chainKeyOf = (secret: string): ChainKey => ({ id: createHash('sha256').update(`chain-key:${secret}`).digest('hex').slice(0, 12), secret });

/** The keys a verifier knows, by id (the current one first when given as a list). */
export type ChainKeyring = ReadonlyMap<string, ChainKey>;
export const keyringOf = (keys: readonly ChainKey[]): ChainKeyring => new Map(keys.map((k) => [k.id, k]));

/** The metadata that means something to an auditor; operational fields (commandHash) are left out. */
const CHAINED_METADATA = ['occurredAt', 'actorId', 'commandId', 'correlationId', 'causationId', 'schemaVersion'] as const;

export interface ChainInput {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * The hash of one event given the previous event's hash (null for the first event of the stream): keyed (v2) when a
 * key is given - its id must be the event's `metadata.hashKeyId` -, plain SHA-256 (v1) otherwise.
 */
export function chainHash(event: ChainInput, previousHash: string | null, key?: ChainKey): string {
  const metadata: Record<string, unknown> = {};
  for (const k of CHAINED_METADATA) if (event.metadata[k] !== undefined) metadata[k] = event.metadata[k];
  const body = canonicalJson({
    v: key ? 2 : 1,
    ...(key && { keyId: key.id }),
    stream: event.streamId,
    revision: event.revision.toString(),
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata,
    prev: previousHash,
  });
  return key ? createHmac('sha256', key.secret).update(body).digest('hex') : createHash('sha256').update(body).digest('hex');
}

/**
 * JSON with object keys sorted at every level and no whitespace, so the same
 * value always serializes to the same bytes - whatever key order the store
 * hands back (Postgres jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  // Hand-rolled (not map/filter/join): it runs for every event appended to an auction stream.
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

export type ChainBreak =
  /** The stored hash is not the hash of the stored content: the event itself was edited. */
  | 'hash_mismatch'
  /** The event has no hash although an earlier one had (hash removed), or the chain never started. */
  | 'missing_hash'
  /** An unkeyed (v1) hash after a keyed one: the tail was recomputed without the key. */
  | 'unkeyed_after_keyed'
  /** The event names a key this verifier does not hold (another deployment's, or a forged id). */
  | 'unknown_key'
  /** Revisions are not contiguous: an event was deleted (or inserted out of order). */
  | 'revision_gap';

export interface ChainReport {
  streamId: string;
  /** Events checked. */
  events: number;
  /**
   * intact: every chained event verifies. broken: see firstBroken.
   * unverifiable: no event carries a hash (written before chaining, or every hash stripped) - reported, never "intact".
   */
  status: 'intact' | 'broken' | 'unverifiable';
  /** Events at the start written before the stream was chained (legacy): not verifiable. */
  unchained: number;
  /** The hash of the last event: what the stream's history commits to. */
  headHash: string | null;
  firstBroken: { revision: string; eventId: string; type: string; reason: ChainBreak; expected?: string; stored?: string } | null;
}

/**
 * Incremental verifier: feed a stream's events in revision order and read
 * the report. Legacy streams written before chaining may start with events
 * without a hash; once one event carries a hash, every later one must.
 */
export class ChainVerifier {
  private events = 0;
  private unchained = 0;
  private previous: string | null = null;
  private chained = false;
  private expectedRevision = 0n;
  private broken: ChainReport['firstBroken'] = null;
  private keyed = false;
  private headRevision: bigint | null = null;
  private headKeyId: string | null = null;

  constructor(
    readonly streamId: string,
    private readonly keyring: ChainKeyring = new Map(),
  ) {}

  add(event: RecordedEvent): void {
    this.events++;
    if (this.broken) return;
    const at = { revision: event.revision.toString(), eventId: event.id, type: event.type };
    if (event.revision !== this.expectedRevision) {
      this.broken = { ...at, reason: 'revision_gap' };
      return;
    }
    this.expectedRevision++;
    const stored = typeof event.metadata.hash === 'string' ? event.metadata.hash : undefined;
    if (stored === undefined) {
      if (this.chained) this.broken = { ...at, reason: 'missing_hash' };
      else this.unchained++;
      return;
    }
    const keyId = typeof event.metadata.hashKeyId === 'string' ? event.metadata.hashKeyId : undefined;
    if (keyId === undefined && this.keyed) {
      this.broken = { ...at, reason: 'unkeyed_after_keyed' };
      return;
    }
    const key = keyId === undefined ? undefined : this.keyring.get(keyId);
    if (keyId !== undefined && !key) {
      this.broken = { ...at, reason: 'unknown_key' };
      return;
    }
    const expected = chainHash(event, this.chained ? this.previous : null, key);
    this.chained = true;
    if (expected !== stored) {
      this.broken = { ...at, reason: 'hash_mismatch', expected, stored };
      return;
    }
    if (key) this.keyed = true;
    this.previous = stored;
    this.headRevision = event.revision;
    this.headKeyId = keyId ?? null;
  }

  /** The last verified event (revision, hash, key id): what a checkpoint of this stream records. */
  head(): { revision: bigint; hash: string; keyId: string | null } | null {
    return this.headRevision === null || this.previous === null ? null : { revision: this.headRevision, hash: this.previous, keyId: this.headKeyId };
  }

  report(): ChainReport {
    return {
      streamId: this.streamId,
      events: this.events,
      status: this.broken ? 'broken' : this.chained || this.events === 0 ? 'intact' : 'unverifiable',
      unchained: this.unchained,
      headHash: this.previous,
      firstBroken: this.broken,
    };
  }
}

/** Verifies a whole stream held in memory. */
export function verifyChain(streamId: string, events: readonly RecordedEvent[], keyring?: ChainKeyring): ChainReport {
  const v = new ChainVerifier(streamId, keyring);
  for (const e of events) v.add(e);
  return v.report();
}
