import { randomUUID } from 'node:crypto';
import { PassThrough, type ReadableOptions } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  DeadlineExceededError,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type EventType,
  type Filter,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type StreamingRead,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EventStoreDbClientCalls } from './eventstoredb-event-store';

/** Failures the double can be told to answer with, as the client surfaces them. */
export type EventStoreDbFault =
  /** gRPC UNAVAILABLE: the node is down or the connection broke. */
  | 'unavailable'
  /** The call's deadline passed before the server answered. */
  | 'deadline-exceeded'
  /** The node is a follower and the call required the leader. */
  | 'not-leader'
  /** The client found no node to talk to (cluster discovery). */
  | 'discovery-failed'
  /** An append that the server wrote, whose answer never reached the client (timeout after the write). */
  | 'written-then-deadline-exceeded';

export interface EventStoreDbServerDoubleOptions {
  /** Event ids the server remembers for `any` / `stream_exists` idempotency (the real cache is bounded by memory). */
  idempotencyCacheSize?: number;
  /** The server's `--max-append-size` (bytes). */
  maxAppendSize?: number;
  /** Write the link events of the standard projections ($by_category, $by_event_type, $streams) and stats events. */
  standardProjections?: boolean;
}

interface StoredRecord {
  /** Index in the log. */
  index: number;
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: 'application/json' | 'application/octet-stream';
  data: Uint8Array;
  metadata: Uint8Array;
  created: Date;
  position: Position;
}

type Call = 'append' | 'read' | 'subscribe';

const LEADER = { address: 'leader.esdb.local', port: 2113 };

/**
 * An in-process stand-in for an EventStoreDB 24.10 node, at the boundary of
 * `@eventstore/db-client` 6.2.1: it implements exactly the client calls the
 * adapter makes, with the client's own result shapes and error classes, and
 * the server's documented semantics - so the adapter's logic runs here on
 * every test run, and the same contract suite runs against a real server when
 * EVENTSTORE_URL is set.
 *
 * Modelled from the server's behaviour (KurrentDB `IndexWriter.CheckCommit`,
 * the request managers and the gRPC streams service):
 * - an append at an explicit revision whose events are already in the stream
 *   right after that revision is an idempotent repeat: success with the
 *   original last revision and position, nothing written; a partial match is a
 *   wrong expected version;
 * - an `any` / `stream_exists` append is idempotent only while the event ids
 *   are in the server's idempotency cache, which is bounded and emptied on
 *   restart (`clearIdempotencyCache`); once forgotten, the events are written again;
 * - `$all` carries system events (`$`-typed, in `$`-streams) and, with the
 *   standard projections running, `$>` link events after every write;
 * - the total size of one append is limited (`--max-append-size`, 1 MiB);
 * - `$all` reads include the starting position, catch-up subscriptions start after it;
 * - subscriptions deliver asynchronously, as a network stream does, through an
 *   object-mode stream that honours the caller's `readableOptions`;
 * - a follower serves reads from a lagging copy and refuses calls that
 *   require the leader (`NotLeaderError`, after which the client reconnects to the leader).
 *
 * Not modelled: explicit transactions, stream metadata and ACLs, deletes and
 * tombstones, persistent subscriptions, scavenging.
 */
export class EventStoreDbServerDouble implements EventStoreDbClientCalls {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  /** Event id -> where it was written; insertion order doubles as LRU order. */
  private readonly idempotencyCache = new Map<string, { streamId: string; revision: bigint }>();
  private readonly subscriptions = new Set<DoubleSubscription>();
  private readonly faults: { fault: EventStoreDbFault; calls: Call[] }[] = [];
  private nextPosition = 0n;
  private appends = 0;
  private killed = false;
  private follower?: { lag: number };
  private readonly cacheSize: number;
  private readonly maxAppendSize: number;
  private readonly standardProjections: boolean;
  /** Calls made, by kind (tests read how often the adapter went to the server). */
  readonly calls = { append: 0, readStream: 0, readAll: 0, subscribe: 0 };
  /** Records handed out by stream and $all reads. */
  recordsRead = 0;

  constructor(options: EventStoreDbServerDoubleOptions = {}) {
    this.cacheSize = options.idempotencyCacheSize ?? 10_000;
    this.maxAppendSize = options.maxAppendSize ?? 1_048_576;
    this.standardProjections = options.standardProjections ?? true;
    // A fresh node already holds system events (default users, projection state).
    this.writeSystem('$users', '$UserCreated', { LoginName: 'admin' });
    this.writeSystem('$users', '$UserCreated', { LoginName: 'ops' });
    this.writeSystem('$projections-$all', '$ProjectionsInitialized', {});
  }

  // ------------------------------------------------------------------ control

  /** The next matching call (any call when `calls` is omitted) fails with `fault`. */
  failNext(fault: EventStoreDbFault, calls: Call[] = ['append', 'read', 'subscribe']): void {
    this.faults.push({ fault, calls });
  }

  /** The node goes away: every call fails as unavailable and live subscriptions break, until `revive`. */
  kill(): void {
    this.killed = true;
    for (const s of this.subscriptions) s.fail(unavailable('the connection to the node was lost'));
  }

  revive(): void {
    this.killed = false;
  }

  /**
   * The client is connected to a follower that lags `lagEvents` records behind:
   * reads see the older log, a call that requires the leader fails once with
   * NotLeaderError, and the client then talks to the leader (as the real client reconnects).
   */
  connectToFollower(lagEvents: number): void {
    this.follower = { lag: lagEvents };
  }

  /** What a restart does to idempotency: the server forgets every event id. */
  clearIdempotencyCache(): void {
    this.idempotencyCache.clear();
  }

  /** Number of records in `$all`, system and link events included. */
  get logLength(): number {
    return this.log.length;
  }

  // -------------------------------------------------------------- client calls

  async appendToStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    event: EventData<KnownEventType> | EventData<KnownEventType>[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    this.calls.append++;
    await tick();
    const fault = this.takeFault('append', options.requiresLeader);
    if (fault && fault !== 'written-then-deadline-exceeded') throw faultError(fault, 'append');
    const events = (Array.isArray(event) ? event : [event]) as EventData[];
    let size = 0;
    for (const e of events) size += proposedMessageSize(e);
    if (size > this.maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendSize);

    const result = this.commit(streamName, events, options.expectedRevision ?? ANY);
    if (fault) throw faultError(fault, 'append'); // written, but the answer is lost
    return result;
  }

  readStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    options: ReadStreamOptions = {},
    readableOptions: ReadableOptions = {},
  ): StreamingRead<ResolvedEvent<KnownEventType>> {
    this.calls.readStream++;
    return this.streamingRead<ResolvedEvent<KnownEventType>>(readableOptions, options.requiresLeader, () => {
      const visible = this.visibleLength();
      const records = (this.streams.get(streamName) ?? []).filter((r) => r.index < visible);
      if (records.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromRevision ?? (backwards ? END : START);
      let picked: StoredRecord[];
      if (backwards) {
        const upTo = from === END ? records.length - 1 : from === START ? 0 : Number(from);
        picked = records.slice(0, upTo + 1).reverse();
      } else {
        const start = from === START ? 0 : from === END ? records.length : Number(from);
        picked = records.slice(start);
      }
      return picked.slice(0, max).map((r) => resolved(r) as ResolvedEvent<KnownEventType>);
    });
  }

  readAll(options: ReadAllOptions = {}, readableOptions: ReadableOptions = {}): StreamingRead<AllStreamResolvedEvent> {
    this.calls.readAll++;
    return this.streamingRead<AllStreamResolvedEvent>(readableOptions, options.requiresLeader, () => {
      const visible = this.log.slice(0, this.visibleLength());
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromPosition ?? (backwards ? END : START);
      let picked: StoredRecord[];
      if (backwards) {
        picked = from === START ? [] : from === END ? visible.reverse() : visible.filter((r) => comparePosition(r.position, from) <= 0).reverse();
      } else {
        // Reading $all forwards includes the record at the starting position.
        picked = from === START ? visible : from === END ? [] : visible.filter((r) => comparePosition(r.position, from) >= 0);
      }
      return picked.slice(0, max).map((r) => resolved(r) as AllStreamResolvedEvent);
    });
  }

  subscribeToAll(options: SubscribeToAllOptions = {}, readableOptions: ReadableOptions = {}): AllStreamSubscription {
    this.calls.subscribe++;
    const from = options.fromPosition ?? START;
    // A catch-up subscription starts after the given position.
    const start = from === START ? 0 : from === END ? this.log.length : this.log.findIndex((r) => comparePosition(r.position, from) > 0);
    const sub = new DoubleSubscription(this, start < 0 ? this.log.length : start, options.filter, readableOptions, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    void (async () => {
      await tick();
      const fault = this.takeFault('subscribe', options.requiresLeader);
      if (fault) sub.fail(faultError(fault, 'subscribe'));
      else sub.start();
    })();
    return sub as unknown as AllStreamSubscription;
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) await s.unsubscribe();
  }

  /** Records from index `from` on (subscriptions read the leader's log). */
  recordsFrom(from: number): StoredRecord[] {
    return this.log.slice(from);
  }

  // ------------------------------------------------------------------ server

  /** The commit check and write of one append (IndexWriter.CheckCommit, then the writer). */
  private commit(streamId: string, events: EventData[], expected: AppendExpectedRevision): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length ? stream[stream.length - 1].revision : -1n;
    const wrong = () => new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current: current < 0n ? NO_STREAM : current });

    if (expected === STREAM_EXISTS && current < 0n) throw wrong();
    if (expected === ANY || expected === STREAM_EXISTS) {
      // Only the idempotency cache can tell a repeat here.
      let first: bigint | undefined;
      let last: bigint | undefined;
      for (const [i, e] of events.entries()) {
        const seen = this.idempotencyCache.get(e.id);
        if (!seen || seen.streamId !== streamId) {
          if (i === 0) break; // not a repeat: written (again)
          throw wrong(); // corrupted idempotency: some of the events were written, some not
        }
        first ??= seen.revision;
        last = seen.revision;
      }
      if (last !== undefined && first !== undefined && events.length > 0) return this.idempotent(stream, last);
    } else {
      const expectedRevision = expected === NO_STREAM ? -1n : expected;
      if (expectedRevision < current) {
        // Durable check: are exactly these events in the stream right after the expected revision?
        for (const [i, e] of events.entries()) {
          const at = stream[Number(expectedRevision) + 1 + i];
          if (!at || at.id !== e.id) throw wrong();
        }
        return this.idempotent(stream, expectedRevision + BigInt(events.length));
      }
      if (expectedRevision > current) throw wrong();
    }

    let last: StoredRecord | undefined;
    for (const [i, e] of events.entries()) {
      last = this.write(streamId, current + 1n + BigInt(i), e.id, e.type, e.contentType, encodeData(e), encodeMetadata(e.metadata));
      this.remember(e.id, streamId, last.revision);
    }
    this.appends++;
    if (this.standardProjections && !streamId.startsWith('$')) this.project(events.length);
    for (const s of this.subscriptions) s.wake();
    return { success: true, nextExpectedRevision: last!.revision, position: { ...last!.position } };
  }

  private idempotent(stream: StoredRecord[], lastRevision: bigint): AppendResult {
    const last = stream[Number(lastRevision)];
    return { success: true, nextExpectedRevision: lastRevision, position: { ...last.position } };
  }

  /** What the standard projections append after a write: link events, and now and then statistics. */
  private project(written: number) {
    const user = this.log.slice(-written);
    for (const r of user) {
      const category = r.streamId.includes('-') ? r.streamId.slice(0, r.streamId.indexOf('-')) : r.streamId;
      this.writeLink(`$ce-${category}`, r);
      this.writeLink(`$et-${r.type}`, r);
      if (r.revision === 0n) this.writeLink('$streams', r);
    }
    if (this.appends % 5 === 0) this.writeSystem('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-cpu': 3.5, 'es-queue-Projection Core #0-length': 0 });
  }

  private writeLink(streamId: string, target: StoredRecord) {
    const stream = this.streams.get(streamId) ?? [];
    const metadata = { $v: '1:-1:1:4', $c: Number(target.position.commit), $p: Number(target.position.prepare), $o: target.streamId, $causedBy: target.id };
    this.write(
      streamId,
      BigInt(stream.length),
      randomId(),
      '$>',
      'application/octet-stream',
      Buffer.from(`${target.revision}@${target.streamId}`),
      Buffer.from(JSON.stringify(metadata)),
    );
  }

  private writeSystem(streamId: string, type: string, data: unknown) {
    const stream = this.streams.get(streamId) ?? [];
    this.write(streamId, BigInt(stream.length), randomId(), type, 'application/json', Buffer.from(JSON.stringify(data)), Buffer.alloc(0));
  }

  private write(
    streamId: string,
    revision: bigint,
    id: string,
    type: string,
    contentType: StoredRecord['contentType'],
    data: Uint8Array,
    metadata: Uint8Array,
  ): StoredRecord {
    // Positions are byte offsets in the transaction file: increasing, not dense.
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition += BigInt(96 + data.length + metadata.length + type.length + streamId.length);
    const record: StoredRecord = { index: this.log.length, streamId, revision, id, type, contentType, data, metadata, created: new Date(), position };
    let stream = this.streams.get(streamId);
    if (!stream) this.streams.set(streamId, (stream = []));
    stream.push(record);
    this.log.push(record);
    return record;
  }

  private remember(id: string, streamId: string, revision: bigint) {
    this.idempotencyCache.delete(id);
    this.idempotencyCache.set(id, { streamId, revision });
    while (this.idempotencyCache.size > this.cacheSize) this.idempotencyCache.delete(this.idempotencyCache.keys().next().value!);
  }

  /** How much of the log the connected node has: a follower lags behind. */
  private visibleLength(): number {
    return this.follower ? Math.max(0, this.log.length - this.follower.lag) : this.log.length;
  }

  private takeFault(call: Call, requiresLeader?: boolean): EventStoreDbFault | undefined {
    if (this.killed) return 'unavailable';
    if (requiresLeader && this.follower) {
      this.follower = undefined; // the client reconnects to the leader named in the error
      return 'not-leader';
    }
    const i = this.faults.findIndex((f) => f.calls.includes(call));
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0].fault;
  }

  private streamingRead<E>(readableOptions: ReadableOptions, requiresLeader: boolean | undefined, read: () => E[]): StreamingRead<E> {
    const out = new PassThrough({ ...readableOptions, objectMode: true }) as PassThrough & { cancel(): Promise<void> };
    let cancelled = false;
    out.cancel = async () => {
      cancelled = true;
      out.end();
    };
    void (async () => {
      await tick();
      try {
        const fault = this.takeFault('read', requiresLeader);
        if (fault) throw faultError(fault, 'read');
        for (const e of read()) {
          if (cancelled) return;
          this.recordsRead++;
          if (!out.write(e)) await new Promise((r) => out.once('drain', r));
        }
        out.end();
      } catch (e) {
        out.destroy(e as Error);
      }
    })();
    return out as unknown as StreamingRead<E>;
  }
}

/** A catch-up subscription: a network-like source piped into the object-mode stream the caller reads. */
class DoubleSubscription extends PassThrough {
  private cursor: number;
  private stopped = false;
  private pumping = false;

  constructor(
    private readonly server: EventStoreDbServerDouble,
    start: number,
    private readonly eventFilter: Filter | undefined,
    readableOptions: ReadableOptions,
    private readonly onEnd: () => void,
  ) {
    // Like the client's Subscription (a Transform with the caller's readableOptions, object mode).
    super({ ...readableOptions, objectMode: true });
    this.cursor = start;
  }

  start() {
    this.emit('confirmation');
    this.wake();
  }

  /** New records may be there: deliver them, a few per network frame. */
  wake() {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    void this.pump().finally(() => (this.pumping = false));
  }

  private async pump() {
    while (!this.stopped) {
      const records = this.server.recordsFrom(this.cursor).slice(0, 8);
      if (records.length === 0) {
        this.emit('caughtUp');
        return;
      }
      this.cursor += records.length;
      for (const r of records) {
        if (this.eventFilter && !matches(this.eventFilter, r)) continue;
        if (!this.write(resolved(r))) await new Promise((resolve) => this.once('drain', resolve));
        if (this.stopped) return;
      }
      await new Promise((resolve) => setImmediate(resolve)); // the next frame arrives later
    }
  }

  fail(error: Error) {
    if (this.stopped) return;
    this.stopped = true;
    this.onEnd();
    this.destroy(error);
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onEnd();
    this.end();
  }
}

function matches(filter: Filter, r: StoredRecord): boolean {
  const subject = filter.filterOn === 'streamName' ? r.streamId : r.type;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((p) => subject.startsWith(p));
}

/** What the client hands out for a record (convertGrpcEvent): JSON parsed, binary as bytes. */
function resolved(r: StoredRecord): AllStreamResolvedEvent {
  const isJson = r.contentType === 'application/json';
  const text = Buffer.from(r.data).toString('utf8');
  let data: unknown = r.data;
  if (isJson) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  let metadata: unknown;
  if (r.metadata.length) {
    try {
      metadata = JSON.parse(Buffer.from(r.metadata).toString('utf8'));
    } catch {
      metadata = r.metadata;
    }
  }
  return {
    event: { streamId: r.streamId, id: r.id, revision: r.revision, type: r.type, data, metadata, isJson, created: r.created, position: { ...r.position } },
    commitPosition: r.position.commit,
  } as AllStreamResolvedEvent;
}

/** How the client serializes an event (batchAppend): JSON data and metadata as UTF-8 JSON text. */
function encodeData(e: EventData): Uint8Array {
  return e.contentType === 'application/json' ? Buffer.from(JSON.stringify(e.data), 'utf8') : (e.data as Uint8Array);
}

function encodeMetadata(metadata: unknown): Uint8Array {
  if (metadata === undefined) return Buffer.alloc(0);
  if (metadata instanceof Uint8Array) return metadata;
  return Buffer.from(JSON.stringify(metadata), 'utf8');
}

/** Size of the gRPC ProposedMessage the server counts against `--max-append-size`. */
function proposedMessageSize(e: EventData): number {
  return 40 + (10 + e.type.length) + (16 + e.contentType.length) + encodeData(e).length + encodeMetadata(e.metadata).length + 6;
}

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function faultError(fault: EventStoreDbFault, call: Call): Error {
  switch (fault) {
    case 'unavailable':
      return unavailable('No connection established');
    case 'deadline-exceeded':
    case 'written-then-deadline-exceeded':
      // A batch append reports its timeout in the response (unpackToCommandError: no gRPC status code);
      // reads and subscriptions get gRPC status DEADLINE_EXCEEDED.
      return call === 'append' ? new DeadlineExceededError() : new DeadlineExceededError(serviceError(4, 'Deadline exceeded'));
    case 'not-leader':
      return new NotLeaderError(
        serviceError(5, 'Leader info available', {
          exception: 'not-leader',
          'leader-endpoint-host': LEADER.address,
          'leader-endpoint-port': String(LEADER.port),
        }),
      );
    case 'discovery-failed':
      return new Error('Failed to discover after 10 attempts.');
  }
}

function unavailable(details: string): Error {
  return new UnavailableError(serviceError(14, details));
}

/** A grpc-js ServiceError as the client's error classes read it (code, details, message, metadata). */
function serviceError(code: number, details: string, metadata: Record<string, string> = {}) {
  const names: Record<number, string> = { 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND', 14: 'UNAVAILABLE' };
  return { name: 'Error', code, details, message: `${code} ${names[code]}: ${details}`, metadata: { getMap: () => metadata } } as never;
}

function randomId(): string {
  return randomUUID();
}

/** Calls answer on a later turn of the event loop, as network calls do. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes `n` records of the kinds the server itself puts into `$all` (JSON
 * system events in `$`-streams, binary `$>` link events), through the client:
 * the contract interleaves them with its own appends, on the double and on a real server.
 */
export async function writeSystemLikeEvents(client: Pick<EventStoreDbClientCalls, 'appendToStream'>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const event =
      i % 2 === 0
        ? jsonEvent({ type: '$megabot-contract-system', data: { i } })
        : binaryEvent({ type: '$>', data: Buffer.from(`${i}@megabot-contract-target`), metadata: { $o: 'megabot-contract-target' } });
    await client.appendToStream(`$megabot-contract-${randomUUID()}`, event);
  }
}
