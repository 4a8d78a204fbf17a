import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { formatPosition, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import type { ReadAllOptions, RecordedEvent } from './event-store.port';
import { canonicalJson, ChainVerifier, type ChainKeyring } from './hash-chain';

/** One stream's head: its last revision and that event's chain hash (and key id). */
export interface StreamHead {
  streamId: string;
  revision: string;
  hash: string;
  keyId: string | null;
}

export interface SignedCheckpoint {
  checkpointId: string;
  takenAt: string;
  position: string;
  signingKeyId: string;
  heads: StreamHead[];
  signature: string;
}

/** The signer of checkpoints: an Ed25519 key pair (the public half is given to auditors). */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(unsigned: Omit<SignedCheckpoint, 'signature' | 'signingKeyId'>): SignedCheckpoint {
    const body = { ...unsigned, signingKeyId: this.keyId, heads: sortedHeads(unsigned.heads) };
    return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), this.privateKey).toString('base64url') };
  }
}

export const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** Whether a checkpoint was signed by the key and not altered since (any field, any head). */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const { signature, ...body } = checkpoint;
  try {
    return verify(null, Buffer.from(canonicalJson({ ...body, heads: sortedHeads(body.heads) })), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export type HeadDeviation = {
  streamId: string;
  reason: 'truncated' | 'rewritten' | 'missing';
  checkpointRevision: string;
  currentRevision: string | null;
  checkpointHash: string;
  currentHash: string | null;
};

/**
 * Compares a kept checkpoint with the streams as they are now: `hashAt(streamId, revision)` answers the stored hash of
 * that event (null when the stream is shorter), `lastRevision(streamId)` its current last revision. A stream cut short,
 * an event at a checkpointed revision with another hash (a rewrite, even a consistent one), or a vanished stream is a
 * deviation; streams that only grew are fine.
 */
export async function compareWithCheckpoint(
  checkpoint: SignedCheckpoint,
  now: { hashAt(streamId: string, revision: bigint): Promise<string | null>; lastRevision(streamId: string): Promise<bigint | null> },
): Promise<HeadDeviation[]> {
  const deviations: HeadDeviation[] = [];
  for (const head of checkpoint.heads) {
    const last = await now.lastRevision(head.streamId);
    const base = {
      streamId: head.streamId,
      checkpointRevision: head.revision,
      checkpointHash: head.hash,
      currentRevision: last === null ? null : String(last),
    };
    if (last === null) {
      deviations.push({ ...base, reason: 'missing', currentHash: null });
      continue;
    }
    if (last < BigInt(head.revision)) {
      deviations.push({ ...base, reason: 'truncated', currentHash: null });
      continue;
    }
    const hash = await now.hashAt(head.streamId, BigInt(head.revision));
    if (hash !== head.hash) deviations.push({ ...base, reason: 'rewritten', currentHash: hash });
  }
  return deviations;
}

const sortedHeads = (heads: StreamHead[]) => [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));

/**
 * Reads every stream whose id starts with `prefix` from the global log, verifies its chain, and signs the heads: one
 * pass over the log (fine for thousands of lots; a store with a stream index would read only the heads). Streams whose
 * chain is broken are checkpointed at their last good event; the report of the break is `audit verify`'s job.
 */
export async function takeCheckpoint(
  store: { readAll(options: ReadAllOptions): Promise<RecordedEvent[]> },
  prefix: string,
  keyring: ChainKeyring,
  signer: CheckpointSigner,
  checkpointId: string,
  now = new Date(),
): Promise<SignedCheckpoint> {
  const verifiers = new Map<string, ChainVerifier>();
  let after: GlobalPosition = START_POSITION;
  for (;;) {
    // Committed events, settled or not: the heads are what is committed as the pass reads (a stream's own events always
    // come in revision order); an event committed later at a lower position belongs to the next checkpoint.
    const page = await store.readAll({ after, maxCount: 1000, unsettled: true });
    for (const e of page) {
      if (!e.streamId.startsWith(prefix)) continue;
      let v = verifiers.get(e.streamId);
      if (!v) verifiers.set(e.streamId, (v = new ChainVerifier(e.streamId, keyring)));
      v.add(e);
    }
    if (page.length) after = page[page.length - 1].position;
    if (page.length < 1000) break;
  }
  const heads: StreamHead[] = [];
  for (const v of verifiers.values()) {
    const head = v.head();
    if (head) heads.push({ streamId: v.streamId, revision: String(head.revision), hash: head.hash, keyId: head.keyId });
  }
  return signer.sign({ checkpointId, takenAt: now.toISOString(), position: formatPosition(after), heads });
}
