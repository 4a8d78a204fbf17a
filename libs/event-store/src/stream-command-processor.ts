import { START_POSITION as START, type GlobalPosition } from '@megabot/contracts';
import { DomainError, type Decider, type DomainEvent } from '@megabot/domain';
import { eventIdFor } from './event-ids';
import { chainHash } from './hash-chain';
import { GroupCommitter } from './group-commit';
import { WrongExpectedRevisionError, type EventData, type EventMetadata, type EventStore, type RecordedEvent } from './event-store.port';

export interface CommandEnvelope {
  /** Idempotency key: the same id on the same stream has one effect. */
  commandId: string;
  /** Hash of the command's content: an id reused for another command is refused. */
  commandHash?: string;
  correlationId?: string;
  causationId?: string;
  actorId?: string;
}

export interface CommandOutcome<E extends DomainEvent = DomainEvent> {
  streamId: string;
  /** Stream revision after this command. */
  revision: bigint;
  /** Position of the write that carried this command (the batch's last event). */
  position: GlobalPosition;
  duplicate: boolean;
  /** Events this command produced (empty for a duplicate or a no-op). */
  events: E[];
}

export interface StreamCommandProcessorOptions {
  clock?: () => Date;
  /** Most commands decided and appended in one write. */
  maxBatch?: number;
  /** Attempts per batch when another process wrote first. */
  maxAttempts?: number;
  /** Folded streams kept in memory (least recently used are dropped). */
  maxCachedStreams?: number;
  /** Schema version written into each event's metadata. */
  schemaVersion?: (eventType: string) => number;
  /**
   * Brings a stored event to its current shape before `evolve` (schema
   * evolution: the store keeps events as they were written). Identity when absent.
   */
  upcast?: (event: DomainEvent, metadata: EventMetadata) => DomainEvent;
  /** Chain every new event's hash to the previous one of its stream (`metadata.hash`, see hash-chain.ts). */
  hashChain?: boolean;
}

interface Pending<C> {
  command: C;
  envelope: CommandEnvelope;
  resolve: (o: CommandOutcome<never>) => void;
  reject: (e: unknown) => void;
}

interface Processed {
  revision: bigint;
  position: GlobalPosition;
  hash?: string;
}

interface StreamEntry<C, S> {
  loaded: boolean;
  state: S;
  /** Last revision of the stream, -1 when it does not exist. */
  revision: bigint;
  /** Position of the stream's last event as far as this process knows. */
  position: GlobalPosition;
  processed: Map<string, Processed>;
  /** Hash of the stream's last event (hash chain), null before the first chained event. */
  lastHash: string | null;
  queue: Pending<C>[];
  draining: boolean;
}

export interface ProcessorStats {
  commands: number;
  batches: number;
  appendedEvents: number;
  conflicts: number;
  duplicates: number;
  rejected: number;
}

/**
 * The write side of one aggregate type.
 *
 * Commands on the same stream queue up inside this process and are decided
 * one after another against the cached folded state; each batch of decided
 * commands is appended in one write with the revision it was decided
 * against. A hot stream therefore costs one database round trip per batch,
 * not per command, and optimistic conflicts only happen between processes
 * (then: catch up from the store, decide the batch again, with jitter).
 */
export class StreamCommandProcessor<C, E extends DomainEvent, S> {
  private readonly streams = new Map<string, StreamEntry<C, S>>();
  private readonly clock: () => Date;
  private readonly maxBatch: number;
  private readonly maxAttempts: number;
  private readonly maxCached: number;
  readonly stats: ProcessorStats = { commands: 0, batches: 0, appendedEvents: 0, conflicts: 0, duplicates: 0, rejected: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<C, E, S>,
    options: StreamCommandProcessorOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxBatch = options.maxBatch ?? 500;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.maxCached = options.maxCachedStreams ?? 10_000;
    this.schemaVersion = options.schemaVersion ?? (() => 1);
    this.upcast = options.upcast ?? ((e) => e);
    this.hashChain = options.hashChain ?? false;
    this.committer = new GroupCommitter(store);
  }
  private readonly schemaVersion: (type: string) => number;
  private readonly upcast: (event: DomainEvent, metadata: EventMetadata) => DomainEvent;
  private readonly committer: GroupCommitter;
  private readonly hashChain: boolean;

  execute(streamId: string, command: C, envelope: CommandEnvelope): Promise<CommandOutcome<E>> {
    this.stats.commands++;
    const entry = this.entry(streamId);
    return new Promise<CommandOutcome<E>>((resolve, reject) => {
      entry.queue.push({ command, envelope, resolve: resolve as (o: CommandOutcome<never>) => void, reject });
      if (!entry.draining) void this.drain(streamId, entry);
    });
  }

  /** The folded state as this process knows it (loads the stream if needed). */
  async current(streamId: string): Promise<{ state: S; revision: bigint }> {
    const entry = this.entry(streamId);
    await this.catchUp(streamId, entry);
    return { state: entry.state, revision: entry.revision };
  }

  private entry(streamId: string): StreamEntry<C, S> {
    let entry = this.streams.get(streamId);
    if (entry) {
      // Map keeps insertion order: re-insert to mark as recently used.
      this.streams.delete(streamId);
      this.streams.set(streamId, entry);
      return entry;
    }
    entry = { loaded: false, state: this.decider.initialState, revision: -1n, position: START, processed: new Map(), lastHash: null, queue: [], draining: false };
    this.streams.set(streamId, entry);
    this.evict();
    return entry;
  }

  private evict() {
    if (this.streams.size <= this.maxCached) return;
    for (const [id, e] of this.streams) {
      if (this.streams.size <= this.maxCached) break;
      if (!e.draining && e.queue.length === 0) this.streams.delete(id);
    }
  }

  private async drain(streamId: string, entry: StreamEntry<C, S>) {
    entry.draining = true;
    try {
      while (entry.queue.length > 0) {
        const batch = entry.queue.splice(0, this.maxBatch);
        await this.runBatch(streamId, entry, batch);
      }
    } finally {
      entry.draining = false;
    }
  }

  private async runBatch(streamId: string, entry: StreamEntry<C, S>, batch: Pending<C>[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.catchUp(streamId, entry);
        const done = await this.decideAndAppend(streamId, entry, batch);
        if (done) return;
      } catch (e) {
        if (e instanceof WrongExpectedRevisionError && attempt < this.maxAttempts) {
          this.stats.conflicts++;
          entry.loaded = false; // another process wrote: read what it wrote, then decide again
          await sleep(Math.random() * Math.min(50, 2 ** attempt));
          continue;
        }
        entry.loaded = false;
        entry.processed.clear();
        entry.state = this.decider.initialState;
        entry.revision = -1n;
        entry.position = START;
        entry.lastHash = null;
        for (const p of batch) p.reject(e);
        return;
      }
    }
  }

  /** Brings the cached state up to the store: a full read the first time, only the tail after a conflict. */
  private async catchUp(streamId: string, entry: StreamEntry<C, S>) {
    if (entry.loaded) return;
    for (;;) {
      const events = await this.store.readStream(streamId, { fromRevision: entry.revision + 1n, maxCount: 5000 });
      for (const e of events) this.apply(entry, e);
      if (events.length < 5000) break;
    }
    entry.loaded = true;
  }

  private apply(entry: StreamEntry<C, S>, e: RecordedEvent) {
    entry.state = this.decider.evolve(entry.state, this.upcast({ type: e.type, data: e.data }, e.metadata) as E);
    entry.revision = e.revision;
    entry.position = e.position;
    if (typeof e.metadata.hash === 'string') entry.lastHash = e.metadata.hash;
    const commandId = e.metadata.commandId;
    if (commandId) entry.processed.set(commandId, { revision: e.revision, position: e.position, hash: e.metadata.commandHash });
  }

  /** Decides every command of the batch in order; appends all resulting events in one write. */
  private async decideAndAppend(streamId: string, entry: StreamEntry<C, S>, batch: Pending<C>[]): Promise<boolean> {
    const now = this.clock();
    let state = entry.state;
    const toWrite: EventData[] = [];
    type Outcome =
      | { kind: 'events'; events: E[]; lastIndex: number; p: Pending<C> }
      | { kind: 'duplicate'; of: Processed | string; p: Pending<C> }
      | { kind: 'error'; error: unknown; p: Pending<C> };
    const outcomes: Outcome[] = [];
    const inBatch = new Map<string, Outcome>();

    for (const p of batch) {
      const id = p.envelope.commandId;
      const seen = entry.processed.get(id);
      const sameBatch = inBatch.get(id);
      if (seen || sameBatch) {
        const hash = seen ? seen.hash : sameBatch!.p.envelope.commandHash;
        if (hash && p.envelope.commandHash && hash !== p.envelope.commandHash) {
          outcomes.push({ kind: 'error', error: idempotencyKeyReused(id), p });
        } else outcomes.push({ kind: 'duplicate', of: seen ?? id, p });
        continue;
      }
      try {
        const events = this.decider.decide(state, p.command, now);
        for (const e of events) state = this.decider.evolve(state, e);
        events.forEach((e, i) => toWrite.push(this.envelope(e, i, p.envelope, now)));
        const outcome: Outcome = { kind: 'events', events, lastIndex: toWrite.length - 1, p };
        outcomes.push(outcome);
        inBatch.set(id, outcome);
      } catch (error) {
        outcomes.push({ kind: 'error', error, p });
      }
    }

    let position: GlobalPosition | undefined;
    const base = entry.revision;
    let lastHash = entry.lastHash;
    if (this.hashChain) {
      toWrite.forEach((e, i) => {
        lastHash = chainHash({ streamId, revision: base + 1n + BigInt(i), id: e.id, type: e.type, data: e.data, metadata: e.metadata }, lastHash);
        e.metadata.hash = lastHash;
      });
    }
    if (toWrite.length > 0) {
      const result = await this.committer.append({ streamId, events: toWrite, expected: base < 0n ? 'no_stream' : base });
      if (result.duplicate) {
        // Our cache was behind a write that carried these very commands: reload and answer from it.
        entry.loaded = false;
        throw new WrongExpectedRevisionError(streamId, base, result.nextExpectedRevision);
      }
      position = result.position;
      this.stats.batches++;
      this.stats.appendedEvents += toWrite.length;
      entry.state = state;
      entry.lastHash = lastHash;
      entry.revision = result.nextExpectedRevision;
      entry.position = result.position;
    }

    for (const o of outcomes) {
      if (o.kind === 'events') {
        const revision = base + 1n + BigInt(o.lastIndex);
        const pos = entry.position;
        if (o.events.length > 0) entry.processed.set(o.p.envelope.commandId, { revision, position: pos, hash: o.p.envelope.commandHash });
        o.p.resolve({ streamId, revision: o.events.length ? revision : entry.revision, position: pos, duplicate: false, events: o.events as never[] });
      } else if (o.kind === 'duplicate') {
        this.stats.duplicates++;
        const prior = typeof o.of === 'string' ? entry.processed.get(o.of) : o.of;
        if (prior) o.p.resolve({ streamId, revision: prior.revision, position: prior.position, duplicate: true, events: [] });
        else o.p.resolve({ streamId, revision: entry.revision, position: entry.position, duplicate: true, events: [] });
      } else {
        if (o.error instanceof DomainError) this.stats.rejected++;
        o.p.reject(o.error);
      }
    }
    return true;
  }

  private envelope(e: E, index: number, env: CommandEnvelope, now: Date): EventData {
    return {
      id: eventIdFor(env.commandId, index),
      type: e.type,
      data: e.data,
      metadata: {
        commandId: env.commandId,
        commandHash: env.commandHash,
        correlationId: env.correlationId ?? env.commandId,
        causationId: env.causationId ?? env.commandId,
        actorId: env.actorId,
        occurredAt: now.toISOString(),
        schemaVersion: this.schemaVersion(e.type),
      },
    };
  }
}

function idempotencyKeyReused(id: string) {
  return new DomainError(
    'command.idempotency_key_reused',
    'unprocessable',
    `Idempotency key ${id} was already used for a different request`,
    { commandId: id },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
