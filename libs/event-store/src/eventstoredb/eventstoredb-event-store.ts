import {
  ANY,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import {
  AppendTooLargeError,
  assertDistinctEventIds,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendRequest,
  type AppendResult,
  type EventData,
  type EventMetadata,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store.port';

/** The calls of `@eventstore/db-client` this adapter makes (the server double implements the same). */
export type EventStoreDbClientCalls = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /** esdb:// or esdb+discover:// connection string, one node or a cluster (`esdb://a:2113,b:2113,c:2113`). */
  connectionString?: string;
  /** The client to talk through instead of one built from the connection string (tests pass the server double). */
  client?: EventStoreDbClientCalls;
  /** Events read back from the end of a stream after a version conflict, to recognise a repeat written elsewhere. */
  conflictLookback?: number;
  /** Events an `any` / `stream_exists` append reads back from the end of its stream to prove its ids are new. */
  anyLookback?: number;
  /** The server's `--max-append-size` in bytes (default 1 MiB). */
  maxAppendBytes?: number;
}

/** gRPC DEADLINE_EXCEEDED / UNAVAILABLE, when a call surfaces as a plain error with a numeric code. */
const UNAVAILABLE_CODES = new Set([4, 14]);
/** Attempts of an `any` / `stream_exists` append when other writers keep moving the stream. */
const ANY_ATTEMPTS = 20;
/** Largest number of records asked for in one $all read. */
const ALL_PAGE_MAX = 4096;
/** What the gRPC message adds to an event's data and metadata (id, type, content type, framing), generously. */
const EVENT_OVERHEAD_BYTES = 128;

interface StoredRef {
  id: string;
  revision: bigint;
  position: GlobalPosition;
}

/**
 * The production store: EventStoreDB through `@eventstore/db-client`, with
 * the port's semantics (see event-store.port.ts for what differs from Postgres).
 *
 * Where the server cannot tell a repeat from a new write, a bounded read
 * before the append does: an append at a revision first reads the few
 * revisions it would take (the retried append of a lost answer finds its own
 * events there); an `any` append reads the end of its stream and then appends
 * at the revision it read, so nothing can slip in between. Reads that decide
 * (stream reads) require the leader. `$all` reads page until they have the
 * requested number of user events, whatever system and link events sit
 * between them.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientCalls;
  private readonly conflictLookback: number;
  private readonly anyLookback: number;
  private readonly maxAppendBytes: number;

  constructor(connection: string | EventStoreDbEventStoreOptions) {
    const options = typeof connection === 'string' ? { connectionString: connection } : connection;
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = EventStoreDBClient.connectionString(options.connectionString);
    else throw new Error('EventStoreDbEventStore needs a connection string or a client');
    this.conflictLookback = options.conflictLookback ?? 100;
    this.anyLookback = options.anyLookback ?? 10_000;
    this.maxAppendBytes = options.maxAppendBytes ?? 1_048_576;
  }

  async append(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    assertDistinctEventIds(streamId, events);
    const parts = splitByCommand(streamId, events, this.maxAppendBytes);
    let result: AppendResult | undefined;
    let next = expected;
    let duplicate = true;
    // Parts follow one another at the revision the previous one ended: each is atomic, the whole is not.
    for (const part of parts) {
      result = await this.appendPart(streamId, part, next);
      next = result.nextExpectedRevision;
      duplicate &&= result.duplicate;
    }
    return { ...result!, duplicate };
  }

  /** EventStoreDB has no multi-stream write: the appends go out concurrently, each with its own answer. */
  appendMany(requests: AppendRequest[]): Promise<(AppendResult | Error)[]> {
    return Promise.all(requests.map((r) => this.append(r.streamId, r.events, r.expected).catch((e: Error) => e)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const read = await this.read(() =>
      this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromRevision ?? START,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        requiresLeader: true, // a decision must not fold a follower's lagging copy
      }),
    );
    return read.flatMap((r) => toRecorded(r) ?? []);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    // The client reads $all without a server-side filter: page through system and link events here.
    let cursor = options.after;
    for (;;) {
      const want = Math.min(ALL_PAGE_MAX, Math.max(64, 2 * (max - out.length) + 1));
      const from: ReadPosition = cursor ?? START;
      const page = await this.read(() => this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: want }));
      for (const resolved of page) {
        const position = positionOf(resolved);
        // $all reads include their starting position; the port's `after` is exclusive.
        if (!position || (cursor && comparePositions(position, cursor) <= 0)) continue;
        cursor = position;
        const e = toRecorded(resolved);
        if (!e || isSystem(e)) continue;
        out.push(e);
        if (out.length >= max) return out;
      }
      if (page.length < want) return out;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const batchSize = options.batchSize ?? 500;
    const gatherMs = options.gatherMs ?? 20;
    const after = options.after;
    // The object-mode buffer holds 16 records by default: size it to a batch, or batches stay that small.
    const subscription = this.client.subscribeToAll({ fromPosition: after ?? START, filter: excludeSystemEvents() }, { highWaterMark: batchSize });
    return {
      async *[Symbol.asyncIterator]() {
        let batch: RecordedEvent[] = [];
        try {
          for await (const resolved of subscription) {
            const e = toRecorded(resolved);
            if (e && !isSystem(e) && !(after && comparePositions(e.position, after) <= 0)) batch.push(e);
            if (batch.length >= batchSize || (batch.length > 0 && !subscription.readableLength)) {
              const full = batch.length >= batchSize;
              const handedAt = Date.now();
              yield batch;
              batch = [];
              // Live and busy: let a few milliseconds of events gather instead of one batch per event (the time the
              // consumer took counts, as in the Postgres store).
              const spent = Date.now() - handedAt;
              if (!full && spent < gatherMs) await sleep(gatherMs - spent);
            }
          }
        } catch (e) {
          throw mapError(e);
        }
        if (batch.length) yield batch;
      },
      close: () => subscription.unsubscribe(),
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private appendPart(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    return expected === 'any' || expected === 'stream_exists' ? this.appendWherever(streamId, events, expected) : this.appendAt(streamId, events, expected);
  }

  /**
   * At a revision. The server answers a repeat at the same revision with the
   * original result, exactly as if it had written: so first look at the
   * revisions this append would take.
   */
  private async appendAt(streamId: string, events: EventData[], expected: bigint | 'no_stream'): Promise<AppendResult> {
    const from = expected === 'no_stream' ? 0n : expected + 1n;
    const ahead = await this.refs(streamId, { direction: FORWARDS, fromRevision: from, maxCount: events.length });
    if (ahead.length > 0) {
      if (ahead.length === events.length && ahead.every((r, i) => r.id === events[i].id)) return duplicateOf(ahead[ahead.length - 1]);
      return this.conflict(streamId, events, expected);
    }
    try {
      return await this.write(streamId, events, expected === 'no_stream' ? NO_STREAM : expected);
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) return this.conflict(streamId, events, expected);
      throw e;
    }
  }

  /**
   * `any` / `stream_exists`: the server recognises a repeat only while the ids
   * are in its idempotency cache (bounded, emptied on restart). Read the end of
   * the stream for them, then append at the revision read, so the proof still
   * holds when the write lands; another writer in between means read again.
   */
  private async appendWherever(streamId: string, events: EventData[], expected: 'any' | 'stream_exists'): Promise<AppendResult> {
    const ids = new Set(events.map((e) => e.id));
    for (let attempt = 1; ; attempt++) {
      const tail = await this.refs(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: this.anyLookback }, (seen) =>
        events.every((e) => seen.has(e.id)),
      );
      const found = allOf(tail, events);
      if (found) return found;
      const last = tail[0]?.revision;
      if (tail.some((r) => ids.has(r.id)) || (expected === 'stream_exists' && last === undefined)) {
        throw new WrongExpectedRevisionError(streamId, expected, last ?? 'no_stream');
      }
      // Beyond the look-up window only the server's cache can tell a repeat (documented on the port).
      const whole = tail.length < this.anyLookback;
      const at: AppendExpectedRevision = whole ? (last ?? NO_STREAM) : expected === 'any' ? ANY : STREAM_EXISTS;
      try {
        return await this.write(streamId, events, at);
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        if (attempt >= ANY_ATTEMPTS) throw new WrongExpectedRevisionError(streamId, expected, currentOf(e));
      }
    }
  }

  /** A failed expectation: a repeat written elsewhere in the recent stream is still a repeat; else the conflict, with the actual revision. */
  private async conflict(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    const tail = await this.refs(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: Math.max(this.conflictLookback, events.length) });
    const found = allOf(tail, events);
    if (found) return found;
    throw new WrongExpectedRevisionError(streamId, expected, tail[0]?.revision ?? 'no_stream');
  }

  private async write(streamId: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<AppendResult> {
    const data = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as never, metadata: e.metadata as never }));
    let result: EsdbAppendResult;
    try {
      result = await withLeaderRetry(() => this.client.appendToStream(streamId, data, { expectedRevision }));
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) throw e;
      if (e instanceof MaxAppendSizeExceededError) throw new AppendTooLargeError(streamId, e.maxAppendSize, undefined, e);
      throw mapError(e);
    }
    if (result.position) return { nextExpectedRevision: result.nextExpectedRevision, position: { ...result.position }, duplicate: false };
    // Servers before 22.6 answer an idempotent repeat without a position: read it.
    const [last] = await this.refs(streamId, { direction: FORWARDS, fromRevision: result.nextExpectedRevision, maxCount: 1 });
    if (!last) throw new Error(`EventStoreDB acknowledged an append to ${streamId} without a position and the events are not in the stream`);
    return duplicateOf(last);
  }

  /** Ids, revisions and positions of a stream's records (JSON or not); stops early once `enough` says so. */
  private async refs(
    streamId: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number },
    enough?: (seen: Set<string>) => boolean,
  ): Promise<StoredRef[]> {
    const out: StoredRef[] = [];
    const seen = new Set<string>();
    await this.read(
      () => this.client.readStream(streamId, { ...options, requiresLeader: true }),
      (resolved) => {
        const e = resolved.event;
        const position = positionOf(resolved);
        if (!e || !position) return true;
        out.push({ id: e.id, revision: e.revision, position });
        seen.add(e.id);
        return !enough?.(seen);
      },
    );
    return out;
  }

  /**
   * Runs one streaming read to its end (or until `each` answers false) and
   * returns what it read; a missing stream reads as empty. A call refused by a
   * follower is retried once: the client then talks to the leader.
   */
  private async read<T extends ResolvedEvent | AllStreamResolvedEvent>(
    open: () => AsyncIterable<T> & { cancel(): Promise<void> },
    each: (record: T) => boolean = () => true,
  ): Promise<T[]> {
    try {
      return await withLeaderRetry(async () => {
        const records: T[] = [];
        const read = open();
        for await (const record of read) {
          records.push(record);
          if (!each(record)) {
            await read.cancel();
            break;
          }
        }
        return records;
      });
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw mapError(e);
    }
  }
}

/** Consecutive events of one command stay together; a part holds whole commands up to the size limit. */
function splitByCommand(streamId: string, events: EventData[], limit: number): EventData[][] {
  const sizes = events.map(eventSize);
  if (sizes.reduce((a, b) => a + b, 0) <= limit) return [events];
  const groups: { events: EventData[]; size: number }[] = [];
  events.forEach((e, i) => {
    const previous = groups[groups.length - 1];
    const commandId = e.metadata.commandId;
    if (previous && commandId !== undefined && previous.events[0].metadata.commandId === commandId) {
      previous.events.push(e);
      previous.size += sizes[i];
    } else groups.push({ events: [e], size: sizes[i] });
  });
  const parts: EventData[][] = [];
  let size = 0;
  for (const g of groups) {
    if (g.size > limit) throw new AppendTooLargeError(streamId, limit, g.size);
    if (parts.length === 0 || size + g.size > limit) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1].push(...g.events);
    size += g.size;
  }
  return parts;
}

function eventSize(e: EventData): number {
  return (
    Buffer.byteLength(JSON.stringify(e.data) ?? '') + Buffer.byteLength(JSON.stringify(e.metadata) ?? '') + Buffer.byteLength(e.type) + EVENT_OVERHEAD_BYTES
  );
}

/** The original result when every event of the batch is among `refs` (newest first or oldest first). */
function allOf(refs: StoredRef[], events: EventData[]): AppendResult | undefined {
  const byId = new Map(refs.map((r) => [r.id, r]));
  let last: StoredRef | undefined;
  for (const e of events) {
    const r = byId.get(e.id);
    if (!r) return undefined;
    if (!last || r.revision > last.revision) last = r;
  }
  return last && duplicateOf(last);
}

function duplicateOf(last: StoredRef): AppendResult {
  return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
}

function currentOf(e: WrongExpectedVersionError): bigint | 'no_stream' {
  return typeof e.actualVersion === 'bigint' ? e.actualVersion : 'no_stream';
}

async function withLeaderRetry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof NotLeaderError)) throw e;
    return call(); // the client has switched to the leader named in the error
  }
}

function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): GlobalPosition | undefined {
  const p =
    resolved.event?.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
  return p && { commit: p.commit, prepare: p.prepare };
}

/** System and link events: the server's and its projections', never ours. */
function isSystem(e: RecordedEvent): boolean {
  return e.type.startsWith('$') || e.streamId.startsWith('$');
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  const position = positionOf(resolved);
  if (!e || !e.isJson || !position) return undefined;
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: (e.metadata ?? {}) as EventMetadata,
    streamId: e.streamId,
    revision: e.revision,
    position,
    recordedAt: e.created,
  };
}

/** What a retry may cure becomes EventStoreUnavailableError (a 503 the client retries); the rest stays as it is. */
function mapError(e: unknown): Error {
  if (e instanceof EventStoreUnavailableError || e instanceof WrongExpectedRevisionError || e instanceof AppendTooLargeError) return e;
  const transient =
    e instanceof UnavailableError ||
    e instanceof DeadlineExceededError ||
    e instanceof NotLeaderError ||
    e instanceof CancelledError ||
    e instanceof TimeoutError ||
    UNAVAILABLE_CODES.has((e as { code?: unknown })?.code as number) ||
    /Failed to discover/.test((e as Error)?.message ?? '');
  if (transient) return new EventStoreUnavailableError(`EventStoreDB unavailable: ${(e as Error).message || (e as Error).constructor.name}`, e);
  return e as Error;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
