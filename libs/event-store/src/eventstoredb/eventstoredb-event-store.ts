import {
  ANY,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import {
  type AppendRequest,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
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

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED arrive as plain errors with a numeric code. */
const UNAVAILABLE_CODES = new Set([4, 14]);

/** The calls of `@eventstore/db-client` this adapter makes (the server double implements the same). */
export type EventStoreDbClientCalls = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /** esdb:// or esdb+discover:// connection string. */
  connectionString?: string;
  /** The client to talk through instead of one built from the connection string (tests pass the server double). */
  client?: EventStoreDbClientCalls;
}

/** The production store: EventStoreDB through `@eventstore/db-client`, same semantics as the port. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientCalls;

  constructor(connection: string | EventStoreDbEventStoreOptions) {
    const options = typeof connection === 'string' ? { connectionString: connection } : connection;
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = EventStoreDBClient.connectionString(options.connectionString);
    else throw new Error('EventStoreDbEventStore needs a connection string or a client');
  }

  async append(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as never, metadata: e.metadata as never })),
        { expectedRevision: toEsdbExpected(expected) },
      );
      // ESDB itself treats a retried append at the same expected revision as idempotent and
      // answers success; it reports no position then, so read it back.
      if (!result.position) return (await this.findExisting(streamId, events)) ?? fail(streamId);
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: { commit: result.position.commit, prepare: result.position.prepare },
        duplicate: false,
      };
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) {
        const original = await this.findExisting(streamId, events);
        if (original) return original;
        const actual = e.actualVersion;
        throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? actual : 'no_stream');
      }
      throw mapError(e);
    }
  }

  /** EventStoreDB has no multi-stream write: the appends go out concurrently. */
  appendMany(requests: AppendRequest[]): Promise<(AppendResult | Error)[]> {
    return Promise.all(requests.map((r) => this.append(r.streamId, r.events, r.expected).catch((e: Error) => e)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromRevision ?? START,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const e = toRecorded(resolved);
        if (e) out.push(e);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw mapError(e);
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    try {
      // $all reads include the starting position; the port's `after` is exclusive.
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: options.after ?? START,
        maxCount: max + 1,
      });
      for await (const resolved of read) {
        const e = toRecorded(resolved);
        if (!e || e.type.startsWith('$')) continue;
        if (options.after && comparePositions(e.position, options.after) <= 0) continue;
        out.push(e);
        if (out.length >= max) break;
      }
    } catch (e) {
      throw mapError(e);
    }
    return out;
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after ?? START,
      filter: excludeSystemEvents(),
    });
    const batchSize = options.batchSize ?? 500;
    const after = options.after;
    return {
      async *[Symbol.asyncIterator]() {
        let batch: RecordedEvent[] = [];
        for await (const resolved of subscription) {
          const e = toRecorded(resolved);
          if (!e || (after && comparePositions(e.position, after) <= 0)) continue;
          batch.push(e);
          // Hand out what is buffered already; keep batches bounded.
          if (batch.length >= batchSize || subscription.readableLength === 0) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      },
      close: () => subscription.unsubscribe(),
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async findExisting(streamId: string, events: EventData[]): Promise<AppendResult | undefined> {
    const ids = new Set(events.map((e) => e.id));
    const found = (await this.readStream(streamId)).filter((e) => ids.has(e.id));
    if (found.length !== events.length) return undefined;
    const last = found[found.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return expected;
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || !e.isJson) return undefined;
  const position = e.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
  if (!position) return undefined;
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: (e.metadata ?? {}) as EventMetadata,
    streamId: e.streamId,
    revision: e.revision,
    position: { commit: position.commit, prepare: position.prepare } as GlobalPosition,
    recordedAt: e.created,
  };
}

function mapError(e: unknown): Error {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${(e as Error).message}`, e);
  }
  return e as Error;
}

function fail(streamId: string): never {
  throw new Error(`EventStoreDB acknowledged an append to ${streamId} without a position and the events are not in the stream`);
}
