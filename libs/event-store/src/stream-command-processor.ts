import { START_POSITION as START, type GlobalPosition } from '@megabot/contracts';
import { DomainError, type DomainEvent, type WriteSideDefinition } from '@megabot/domain';
import { failed, traceparentOf, tracer } from '@megabot/platform/tracing';
import { ROOT_CONTEXT as ROOT, SpanKind, trace, type Span } from '@opentelemetry/api';
import { BloomFilter } from './bloom-filter';
import { eventIdFor } from './event-ids';
import { chainHash, type ChainKey } from './hash-chain';
import { GroupCommitter } from './group-commit';
import {
  EventDataRefusedError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type EventData,
  type EventStore,
  type RecordedEvent,
} from './event-store.port';

/** Who sent a command, and how to recognise it when it comes again. The same context for every feature and writer. */
export interface CommandContext {
  /** Idempotency key: the same id on the same stream has one effect. */
  commandId: string;
  /** Hash of the request that carried the command (see fingerprint.ts): the same id with another request is refused. */
  commandHash?: string;
  correlationId?: string;
  causationId?: string;
  /** The acting employee. */
  actorId?: string;
}

export interface CommandOutcome<E extends DomainEvent = DomainEvent> {
  streamId: string;
  /** Stream revision after this command. */
  revision: bigint;
  /** Position of the write that carried this command (the batch's last event). */
  position: GlobalPosition;
  /** True when the command had been processed before: nothing new was written. */
  duplicate: boolean;
  /** Events this command produced - for a retried command the ones it produced the first time (empty for a no-op). */
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
  /** The key of the hash chain (write sides with `hashChain`): new events are chained with an HMAC under it; none: plain SHA-256. */
  chainKey?: ChainKey;
  /**
   * Command ids remembered exactly per stream (default 10,000): a retry among them is answered from memory. Older
   * ids go into a fixed 1 MiB Bloom filter per stream; a retry the filter may have seen is looked up in the store
   * (a read of the stream's forgotten part), so a late retry still has one effect while memory stays bounded.
   */
  idempotencyWindow?: number;
}

interface Pending<C> {
  command: C;
  context: CommandContext;
  /** The command's span (a no-op unless tracing is on); its events carry it as their traceparent. */
  span: Span;
  resolve: (o: CommandOutcome<never>) => void;
  reject: (e: unknown) => void;
}

/** Where a processed command's events lie in its stream (contiguous: one command's events go out in one write). */
interface Processed {
  from: bigint;
  to: bigint;
  position: GlobalPosition;
  hash?: string;
}

interface StreamEntry<C, S> {
  loaded: boolean;
  /** The read bringing the cache up to the store, shared by every caller meanwhile: two reads would fold the same events twice. */
  catchingUp: Promise<void> | null;
  /** Bumped when the cache is dropped: a read begun before must not fold into the emptied state. */
  epoch: number;
  state: S;
  /** Last revision of the stream, -1 when it does not exist. */
  revision: bigint;
  /** Position of the stream's last event as far as this process knows. */
  position: GlobalPosition;
  processed: Map<string, Processed>;
  /** Command ids dropped from `processed` (oldest first, beyond the window); null until the first. */
  forgotten: BloomFilter | null;
  /** The revisions below this may hold the events of forgotten commands. */
  forgottenBelow: bigint;
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
  /** Batches split because the store refused their write (see runBatch). */
  splits: number;
  /** Commands whose events the store refused (EventDataRefusedError). */
  refused: number;
  /** Command ids beyond the idempotency window looked up in the store (retries of old commands, filter false positives). */
  recalls: number;
}

/**
 * The one write side: runs a feature's commands as its WriteSideDefinition
 * says (decider, stream, schema versions, upcaster, hash chain). It knows no
 * feature.
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
  private readonly window: number;
  readonly stats: ProcessorStats = { commands: 0, batches: 0, appendedEvents: 0, conflicts: 0, duplicates: 0, rejected: 0, splits: 0, refused: 0, recalls: 0 };

  private readonly committer: GroupCommitter;
  private readonly chainKey?: ChainKey;
  private readonly upcast: (event: DomainEvent, schemaVersion: number) => E;

  constructor(
    private readonly store: EventStore,
    readonly definition: WriteSideDefinition<C, E, S>,
    options: StreamCommandProcessorOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxBatch = options.maxBatch ?? 500;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.maxCached = options.maxCachedStreams ?? 10_000;
    this.window = options.idempotencyWindow ?? 10_000;
    this.upcast = definition.upcast ?? ((e) => e as E);
    this.chainKey = options.chainKey;
    this.committer = new GroupCommitter(store);
  }

  /** Decides the command on its stream and appends what it decided; a command id seen before answers what it did then. */
  execute(command: C, context: CommandContext): Promise<CommandOutcome<E>> {
    this.stats.commands++;
    const streamId = this.definition.streamOf(command);
    const entry = this.entry(streamId);
    const span = tracer().startSpan(`${this.definition.name} command`, { kind: SpanKind.INTERNAL, attributes: { 'megabot.stream': streamId } });
    return new Promise<CommandOutcome<E>>((resolve, reject) => {
      entry.queue.push({
        command,
        context,
        span,
        resolve: (o: CommandOutcome<never>) => {
          span.setAttributes({ 'megabot.duplicate': o.duplicate, 'megabot.events': o.events.length, 'megabot.revision': Number(o.revision) });
          span.end();
          resolve(o);
        },
        reject: (e: unknown) => {
          failed(span, e);
          span.end();
          reject(e);
        },
      });
      if (!entry.draining) void this.drain(streamId, entry);
    });
  }

  /** The folded state as this process knows it (loads the stream if needed). */
  async current(streamId: string): Promise<{ state: S; revision: bigint }> {
    const entry = this.entry(streamId);
    await this.catchUp(streamId, entry);
    return { state: entry.state, revision: entry.revision };
  }

  /** The folded state as the store has it now: reads only what was appended since this process last looked (another process may have written). */
  async fresh(streamId: string): Promise<{ state: S; revision: bigint }> {
    const entry = this.entry(streamId);
    if (!entry.draining) entry.loaded = false;
    return this.current(streamId);
  }

  private entry(streamId: string): StreamEntry<C, S> {
    let entry = this.streams.get(streamId);
    if (entry) {
      // Map keeps insertion order: re-insert to mark as recently used.
      this.streams.delete(streamId);
      this.streams.set(streamId, entry);
      return entry;
    }
    entry = {
      loaded: false,
      catchingUp: null,
      epoch: 0,
      state: this.definition.decider.initialState,
      revision: -1n,
      position: START,
      processed: new Map(),
      forgotten: null,
      forgottenBelow: 0n,
      lastHash: null,
      queue: [],
      draining: false,
    };
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
        await this.decideAndAppend(streamId, entry, batch);
        return;
      } catch (caught) {
        let e = caught;
        if (e instanceof WrongExpectedRevisionError && attempt < this.maxAttempts) {
          this.stats.conflicts++;
          entry.loaded = false; // another process wrote: read what it wrote, then decide again
          await sleep(Math.random() * Math.min(50, 2 ** attempt));
          continue;
        }
        if (e instanceof AppendRefused) {
          if (batch.length > 1) {
            // One command's events may be what the store refused: the batch is split and each half
            // decided again on its own, down to the one at fault, so it fails alone.
            this.stats.splits++;
            entry.loaded = false; // EventStoreDB may have stored leading commands of the batch: catch up on them
            const half = Math.ceil(batch.length / 2);
            await this.runBatch(streamId, entry, batch.slice(0, half));
            await this.runBatch(streamId, entry, batch.slice(half));
            return;
          }
          if (e.cause instanceof EventDataRefusedError) {
            // Nothing was written and the cache is what the store holds: only this command fails.
            this.stats.refused++;
            batch[0].reject(e.cause);
            return;
          }
          e = e.cause;
        }
        entry.loaded = false;
        entry.epoch++;
        entry.processed.clear();
        entry.forgotten = null;
        entry.forgottenBelow = 0n;
        entry.state = this.definition.decider.initialState;
        entry.revision = -1n;
        entry.position = START;
        entry.lastHash = null;
        for (const p of batch) p.reject(e);
        return;
      }
    }
  }

  /** Brings the cached state up to the store: a full read the first time, only the tail after a conflict or fresh(). */
  private catchUp(streamId: string, entry: StreamEntry<C, S>): Promise<void> {
    if (!entry.catchingUp && !entry.loaded) entry.catchingUp = this.readTail(streamId, entry).finally(() => (entry.catchingUp = null));
    return entry.catchingUp ?? Promise.resolve();
  }

  private async readTail(streamId: string, entry: StreamEntry<C, S>) {
    try {
      while (!entry.loaded) {
        entry.loaded = true; // marked stale again while this page was read (a conflict, fresh()): one more round
        const epoch = entry.epoch;
        const events = await this.store.readStream(streamId, { fromRevision: entry.revision + 1n, maxCount: PAGE });
        if (entry.epoch !== epoch) {
          entry.loaded = false;
          continue;
        }
        for (const e of events) this.apply(entry, e);
        if (events.length === PAGE) entry.loaded = false;
      }
    } catch (e) {
      entry.loaded = false;
      throw e;
    }
  }

  private apply(entry: StreamEntry<C, S>, e: RecordedEvent) {
    entry.state = this.definition.decider.evolve(entry.state, this.upcast({ type: e.type, data: e.data }, e.metadata.schemaVersion));
    entry.revision = e.revision;
    entry.position = e.position;
    if (typeof e.metadata.hash === 'string') entry.lastHash = e.metadata.hash;
    const commandId = e.metadata.commandId;
    if (!commandId) return;
    const seen = entry.processed.get(commandId);
    if (seen) {
      seen.to = e.revision;
      seen.position = e.position;
    } else this.remember(entry, commandId, { from: e.revision, to: e.revision, position: e.position, hash: e.metadata.commandHash });
  }

  /** Keeps a processed command; beyond the window the oldest goes into the stream's filter of forgotten ids. */
  private remember(entry: StreamEntry<C, S>, commandId: string, processed: Processed) {
    entry.processed.set(commandId, processed);
    if (entry.processed.size <= this.window) return;
    const [oldestId, oldest] = entry.processed.entries().next().value as [string, Processed];
    entry.processed.delete(oldestId);
    (entry.forgotten ??= new BloomFilter()).add(oldestId);
    if (oldest.to >= entry.forgottenBelow) entry.forgottenBelow = oldest.to + 1n;
  }

  /**
   * The commands of a batch that the stream forgot but the filter may have seen, looked up in the stream's
   * forgotten part (read in full: a command's events are contiguous but may straddle a page).
   */
  private async recall(streamId: string, entry: StreamEntry<C, S>, batch: Pending<C>[]): Promise<Map<string, Processed>> {
    const found = new Map<string, Processed>();
    const forgotten = entry.forgotten;
    if (!forgotten) return found;
    const wanted = new Set(batch.map((p) => p.context.commandId).filter((id) => !entry.processed.has(id) && forgotten.mightContain(id)));
    if (wanted.size === 0) return found;
    this.stats.recalls += wanted.size;
    for (let from = 0n; from < entry.forgottenBelow;) {
      const page = await this.store.readStream(streamId, { fromRevision: from, maxCount: PAGE });
      for (const e of page) {
        const id = e.metadata.commandId;
        if (e.revision >= entry.forgottenBelow || !id || !wanted.has(id)) continue;
        const seen = found.get(id);
        if (seen) {
          seen.to = e.revision;
          seen.position = e.position;
        } else found.set(id, { from: e.revision, to: e.revision, position: e.position, hash: e.metadata.commandHash });
      }
      if (page.length < PAGE) break;
      from = page[page.length - 1].revision + 1n;
    }
    return found;
  }

  /** Decides every command of the batch in order; appends all resulting events in one write. */
  private async decideAndAppend(streamId: string, entry: StreamEntry<C, S>, batch: Pending<C>[]): Promise<void> {
    const now = this.clock();
    const { decider } = this.definition;
    let state = entry.state;
    const toWrite: EventData[] = [];
    type Decided = { kind: 'events'; events: E[]; firstIndex: number; p: Pending<C> };
    type Outcome = Decided | { kind: 'duplicate'; of: Processed | Decided; p: Pending<C> } | { kind: 'error'; error: unknown; p: Pending<C> };
    const outcomes: Outcome[] = [];
    const inBatch = new Map<string, Decided>();
    const recalled = await this.recall(streamId, entry, batch);

    for (const p of batch) {
      const id = p.context.commandId;
      const seen = entry.processed.get(id) ?? inBatch.get(id) ?? recalled.get(id);
      if (seen) {
        const hash = 'kind' in seen ? seen.p.context.commandHash : seen.hash;
        if (hash && p.context.commandHash && hash !== p.context.commandHash) {
          outcomes.push({ kind: 'error', error: idempotencyKeyReused(id), p });
        } else outcomes.push({ kind: 'duplicate', of: seen, p });
        continue;
      }
      try {
        const events = decider.decide(state, p.command, now);
        for (const e of events) state = decider.evolve(state, e);
        const decided: Decided = { kind: 'events', events, firstIndex: toWrite.length, p };
        const traceparent = traceparentOf(p.span);
        events.forEach((e: E, i: number) => toWrite.push(this.envelope(e, i, p.context, now, traceparent)));
        outcomes.push(decided);
        inBatch.set(id, decided);
      } catch (error) {
        outcomes.push({ kind: 'error', error, p });
      }
    }

    const base = entry.revision;
    let lastHash = entry.lastHash;
    if (this.definition.hashChain) {
      toWrite.forEach((e, i) => {
        if (this.chainKey) e.metadata.hashKeyId = this.chainKey.id;
        lastHash = chainHash(
          { streamId, revision: base + 1n + BigInt(i), id: e.id, type: e.type, data: e.data, metadata: e.metadata },
          lastHash,
          this.chainKey,
        );
        e.metadata.hash = lastHash;
      });
    }
    if (toWrite.length > 0) {
      // One append carries the whole batch: its span sits under the first command and links the others.
      const spans = batch.map((p) => p.span).filter((s) => s.isRecording());
      const appendSpan = spans.length
        ? tracer().startSpan(
            `append ${this.definition.name}`,
            {
              attributes: { 'megabot.stream': streamId, 'megabot.batch': batch.length, 'megabot.events': toWrite.length },
              links: spans.slice(1).map((s) => ({ context: s.spanContext() })),
            },
            trace.setSpan(ROOT, spans[0]),
          )
        : undefined;
      const result = await this.committer
        .append({ streamId, events: toWrite, expected: base < 0n ? 'no_stream' : base })
        .catch((e: unknown) => {
          // Another process wrote first, or the store is away: the batch as a whole is retried or fails.
          // Anything else may be the fault of one command in it (see runBatch).
          if (appendSpan) failed(appendSpan, e);
          throw e instanceof WrongExpectedRevisionError || e instanceof EventStoreUnavailableError ? e : new AppendRefused(e);
        })
        .finally(() => appendSpan?.end());
      if (result.duplicate) {
        // Our cache was behind a write that carried these very commands: reload and answer from it.
        entry.loaded = false;
        throw new WrongExpectedRevisionError(streamId, base, result.nextExpectedRevision);
      }
      this.stats.batches++;
      this.stats.appendedEvents += toWrite.length;
      entry.state = state;
      entry.lastHash = lastHash;
      entry.revision = result.nextExpectedRevision;
      entry.position = result.position;
    }

    const answered = new Map<Decided, CommandOutcome<E>>();
    for (const o of outcomes) {
      if (o.kind === 'events') {
        const outcome: CommandOutcome<E> = { streamId, revision: entry.revision, position: entry.position, duplicate: false, events: o.events };
        if (o.events.length > 0) {
          const from = base + 1n + BigInt(o.firstIndex);
          outcome.revision = from + BigInt(o.events.length - 1);
          this.remember(entry, o.p.context.commandId, { from, to: outcome.revision, position: entry.position, hash: o.p.context.commandHash });
        }
        answered.set(o, outcome);
        o.p.resolve(outcome as CommandOutcome<never>);
      } else if (o.kind === 'duplicate') {
        this.stats.duplicates++;
        if ('kind' in o.of) o.p.resolve({ ...answered.get(o.of)!, duplicate: true } as CommandOutcome<never>);
        else this.answerRetry(streamId, o.of, o.p);
      } else {
        if (o.error instanceof DomainError) this.stats.rejected++;
        o.p.reject(o.error);
      }
    }
  }

  /** A command processed before: its own events, read back from exactly where they lie. */
  private answerRetry(streamId: string, prior: Processed, p: Pending<C>) {
    const count = Number(prior.to - prior.from) + 1;
    this.store.readStream(streamId, { fromRevision: prior.from, maxCount: count }).then(
      (recorded) =>
        p.resolve({
          streamId,
          revision: prior.to,
          position: prior.position,
          duplicate: true,
          events: recorded
            .filter((e) => e.metadata.commandId === p.context.commandId)
            .map((e) => this.upcast({ type: e.type, data: e.data }, e.metadata.schemaVersion)) as never[],
        }),
      p.reject,
    );
  }

  private envelope(e: E, index: number, context: CommandContext, now: Date, traceparent: string | undefined): EventData {
    return {
      id: eventIdFor(context.commandId, index),
      type: e.type,
      data: e.data,
      metadata: {
        commandId: context.commandId,
        commandHash: context.commandHash,
        correlationId: context.correlationId ?? context.commandId,
        causationId: context.causationId ?? context.commandId,
        actorId: context.actorId,
        occurredAt: now.toISOString(),
        schemaVersion: this.definition.schemaVersionOf(e.type),
        ...(traceparent && { traceparent }),
      },
    };
  }
}

/** An append that failed for a reason other than a conflict or an unreachable store. */
class AppendRefused extends Error {
  constructor(override readonly cause: unknown) {
    super('the store refused the append', { cause });
  }
}

function idempotencyKeyReused(id: string) {
  return new DomainError('command.idempotency_key_reused', 'unprocessable', `Idempotency key ${id} was already used for a different request`, {
    commandId: id,
  });
}

/** Events read from the store at a time while catching up. */
const PAGE = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
