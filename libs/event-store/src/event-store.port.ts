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
  [key: string]: unknown;
}

export interface EventData<T = unknown> {
  /** UUID; re-appending the same ids to the same stream writes nothing. */
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
  /** Revision of the last event of the stream after the append. */
  nextExpectedRevision: bigint;
  /** Position of the last event appended (or of the original, for a retried append). */
  position: GlobalPosition;
  /** True when every event id was already in the stream: nothing was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. */
  after?: GlobalPosition;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts after it. */
  after?: GlobalPosition;
  /** Largest batch handed out at once. */
  batchSize?: number;
  /** While live, wait this long after a partial batch so a busy log is read in fewer, larger batches. */
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

export interface EventStore {
  /** Appends all events or none. Throws WrongExpectedRevisionError on a failed expectation. */
  append(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams in as few writes as the store allows (group commit).
   * Each request keeps append's semantics on its own: all of its events or none, and
   * its own result or error (a WrongExpectedRevisionError for that stream only).
   */
  appendMany(requests: AppendRequest[]): Promise<(AppendResult | Error)[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
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

/** The store could not be reached; the command may be retried. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}
