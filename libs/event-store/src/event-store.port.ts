import type { GlobalPosition } from '@megabot/contracts';

/** Where an append expects the stream to be. A number is the last revision (0-based). */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** Envelope metadata carried by every event. */
export interface EventMetadata {
  /** Idempotency: the command that produced this event. */
  commandId?: string;
  /** Hash of the command's content, to refuse an id reused for a different command. */
  commandHash?: string;
  correlationId?: string;
  causationId?: string;
  /** The acting employee. */
  actorId?: string;
  occurredAt: string;
  schemaVersion: number;
  /** Tamper evidence on chained streams (auction): see hash-chain.ts. */
  hash?: string;
  /** The id of the key the hash is an HMAC under (version 2 of the chain). */
  hashKeyId?: string;
  [key: string]: unknown;
}

export interface EventData<T = unknown> {
  /** UUID; re-appending the same ids to the same stream writes nothing (see EventStore.append). */
  id: string;
  type: string;
  data: T;
  metadata: EventMetadata;
}

export interface RecordedEvent<T = unknown> extends EventData<T> {
  streamId: string;
  revision: bigint;
  position: GlobalPosition;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event appended (of the original's last event, for a repeat). */
  nextExpectedRevision: bigint;
  /** Position of the last event appended (or of the original, for a repeat). */
  position: GlobalPosition;
  /** True when every event id was already in the stream: nothing was written (see EventStore.append for how each store knows). */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position (one of this store's positions). */
  after?: GlobalPosition;
  maxCount?: number;
  /**
   * Also committed events that have not settled yet (Postgres: held back behind an older transaction still open, which
   * may yet commit events before them). For a check that must see every committed event it looks for, however recent;
   * never for a reader that checkpoints (it could skip what commits later at a lower position). EventStoreDB has a
   * single writer: everything committed is settled.
   */
  unsettled?: boolean;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts after it. */
  after?: GlobalPosition;
  /** Largest batch handed out at once. */
  batchSize?: number;
  /**
   * While live, reads after a partial batch are at least this far apart, so a busy log is read in fewer, larger
   * batches; time the consumer spent on the batch counts (a consumer slower than this reads again at once).
   */
  gatherMs?: number;
}

/** Batches of events in global order: catch-up first, then live. */
export interface EventSubscription extends AsyncIterable<RecordedEvent[]> {
  close(): Promise<void>;
}

export interface AppendRequest {
  streamId: string;
  events: EventData[];
  expected: ExpectedRevision;
}

/**
 * The event store: one port, two adapters, one contract suite
 * (event-store.contract.ts) that both pass. Where they differ, it says so.
 *
 * Positions are the store's own: a Postgres position (transaction id,
 * sequence) means nothing to EventStoreDB and the other way round, so
 * checkpoints kept by read models and reactors do not survive a change of
 * store (`npm run store:migrate` says what to rebuild).
 */
export interface EventStore {
  /**
   * Appends at an expectation; throws WrongExpectedRevisionError (with the
   * actual revision) when it fails, and answers with the revision and
   * position of the last event.
   *
   * Atomicity. Postgres: all events or none, always. EventStoreDB: all or
   * none up to the server's `--max-append-size` (1 MiB); a larger batch is
   * written in consecutive parts split between commands (events with the same
   * `metadata.commandId` stay together), each part all-or-none, the whole not:
   * after a failure some leading commands may be stored (their retry is a
   * repeat). One command larger than the limit: AppendTooLargeError.
   *
   * A repeat (every event id already in the stream) writes nothing and
   * answers `duplicate: true` with the original revision and position; a
   * batch mixing stored and new ids is a WrongExpectedRevisionError and writes
   * nothing. Postgres recognises a repeat anywhere in the stream, whatever the
   * expectation (unique stream + event id). EventStoreDB recognises it from a
   * read on the leader: at a revision (or `no_stream`), in the revisions the
   * append would take (a retry with the same expectation), or after a failed
   * expectation among the stream's last `conflictLookback` (100) events; with
   * `any` / `stream_exists`, among the last `anyLookback` (10 000) events, and
   * the append then goes in at the revision read so nothing slips in between.
   * Beyond those windows only the server's idempotency cache (bounded, emptied
   * on restart) remembers an id, and an `any` repeat of a much older append
   * can be written again. Two writers appending the same ids at the same
   * revision at the same instant may both be answered `duplicate: false`
   * (the server answers both with the one stored position; the events are
   * stored once).
   */
  append(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams in as few writes as the store allows (group
   * commit); not atomic across streams in either store. Each request keeps
   * append's semantics on its own and gets its own result or error (a
   * WrongExpectedRevisionError for that stream only). Postgres writes the
   * requests at explicit revisions in one statement and one commit, and
   * redoes them one by one if that statement fails; EventStoreDB has no
   * multi-stream write and sends one append per stream, concurrently.
   */
  appendMany(requests: AppendRequest[]): Promise<(AppendResult | Error)[]>;
  /**
   * A stream's events in revision order (empty for a missing stream).
   * EventStoreDB reads on the leader (`requiresLeader`), so a decision never
   * folds a follower's lagging copy, and leaves out non-JSON events.
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Up to `maxCount` (1000) events after a position, in global order; fewer
   * only when no more can be read now. Postgres hands out settled events
   * only: events behind a still-open transaction wait until it ends, so a
   * short page can be followed by more. EventStoreDB leaves out system
   * events (`$` types, `$` streams) and `$>` link events and reads on past
   * them until it has `maxCount` events or reaches the end of the log.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up, then live, in batches of up to `batchSize` (500). Postgres
   * rides out a lost connection (it retries with backoff and carries on);
   * EventStoreDB ends the iteration with EventStoreUnavailableError and the
   * caller subscribes again from its checkpoint. EventStoreDB filters system
   * events out on the server.
   */
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Actual last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * One append carries the same event id twice. Event ids are how a store
 * recognises a retried append, so such a batch is a bug of its writer, not a
 * race: it is refused before anything is written, and retrying cannot help.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`stream ${streamId}: event id ${eventId} appears more than once in one append`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * The store refuses the data of these events (PostgreSQL: a data exception,
 * e.g. text its `jsonb` cannot hold such as `\u0000` or a lone surrogate).
 * Nothing was written and retrying the same events cannot help; the command
 * that produced them is at fault (the API answers 422), not its neighbours.
 */
export class EventDataRefusedError extends Error {
  constructor(
    readonly streamId: string,
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(`stream ${streamId}: the store refused the events' data: ${reason}`);
    this.name = 'EventDataRefusedError';
  }
}

/** Refuses a batch that carries one event id twice (see DuplicateEventIdError). */
export function assertDistinctEventIds(streamId: string, events: readonly EventData[]): void {
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) throw new DuplicateEventIdError(streamId, e.id);
    seen.add(e.id);
  }
}

/**
 * The store could not be reached or did not answer in time; the command may
 * be retried (the API answers 503). An append that timed out may have been
 * written: its retry is recognised as a repeat. Postgres: connection refused,
 * reset or terminated, server shutting down. EventStoreDB: unavailable,
 * deadline exceeded, server timeout, not leader (after one retry on the
 * leader), no node found by discovery.
 */
export class EventStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The store refuses an append this large: EventStoreDB takes at most its
 * `--max-append-size` (1 MiB by default) in one append. The EventStoreDB
 * adapter splits a larger batch between commands, so this only means that
 * the events of one command are too large; retrying cannot help.
 */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly limitBytes: number,
    readonly sizeBytes?: number,
    override readonly cause?: unknown,
  ) {
    super(
      `the events of one command on ${streamId}${sizeBytes === undefined ? ' are' : ` take ${sizeBytes} bytes,`} larger than the ${limitBytes} bytes EventStoreDB accepts in one append`,
    );
    this.name = 'AppendTooLargeError';
  }
}
