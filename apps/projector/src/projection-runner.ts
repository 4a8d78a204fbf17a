import { comparePositions, formatPosition, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import type { EventStore, EventSubscription, RecordedEvent } from '@megabot/event-store';
import { contextOf, failed, isDatabaseUnavailable, tracer } from '@megabot/platform';
import { SpanKind, type Span } from '@opentelemetry/api';
import { ASYNC_COMMIT, DeferredCheckpoint, recordPoisonedEvent, TableWriter, type PoisonedEvent, type Sql } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { ProgressAnnouncer } from './progress-announcer';

export interface RunnerOptions {
  batchSize?: number;
  log?: (message: string) => void;
  /** Called after each committed batch (tests, progress). */
  onCommitted?: (position: GlobalPosition, applied: number) => void;
  /** How an event the projection keeps failing on is told from a passing fault (see ProjectionRunner). */
  poison?: PoisonOptions;
  /** One for all the runners of a process (one NOTIFY statement for all of them); default: the runner's own. */
  announcer?: ProgressAnnouncer;
  /** Longest a batch with nothing for the projection waits before its position is written (DeferredCheckpoint; 1000 ms). */
  deferCheckpointMs?: number;
}

export interface PoisonOptions {
  /** Attempts at a failing batch, and then at each of its events alone, before the event counts as poisoned (3). */
  attempts?: number;
  /** Pause between those attempts, doubled each time (200 ms). */
  retryDelayMs?: number;
  /** How often the runner looks for admins' decisions on parked events (1000 ms). */
  pollMs?: number;
}

/**
 * Feeds one projection from the global log. Each batch is applied and the
 * checkpoint advanced in the same transaction, under an advisory lock per
 * projection: a crash replays only uncommitted work, several instances never
 * apply an event twice, and a rebuild can swap schemas between two batches.
 *
 * Poisoned events. A lost database connection, a deadlock or a timeout pass:
 * the runner retries them for ever with capped backoff. Any other error is
 * tried `attempts` times; if the batch still fails, its events are applied
 * one by one, and the one that fails alone (again `attempts` times) is
 * poisoned: recorded in projector_ops.parked_events with its error, and then
 * either parked (the checkpoint moves past it in the same transaction and the
 * projection goes on) or, for a projection with `onPoison: 'stop'`, blocking
 * (nothing after it is applied until an admin skips or retries it). An admin
 * retry of a parked event applies it on its own, later than its place in the
 * log: projections that keep a stream revision per row (auction lots) ignore
 * it if later events of its stream were applied meanwhile, so for those a
 * rebuild is the way to take it in.
 *
 * A batch with nothing the projection handles needs no transaction: its position is kept in memory and announced,
 * and written with the next batch or within `deferCheckpointMs` (DeferredCheckpoint).
 */
export class ProjectionRunner {
  private subscription?: EventSubscription;
  private running?: Promise<void>;
  private stopping = false;
  private committed: GlobalPosition = START_POSITION;
  /** The checkpoint as this runner last read or wrote it; `committed` may be ahead by batches passed over. */
  private persisted: GlobalPosition = START_POSITION;
  private readonly deferred: DeferredCheckpoint;
  private readonly announcer: ProgressAnnouncer;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {
    this.deferred = new DeferredCheckpoint((position) => this.writePassedOver(position), options.deferCheckpointMs ?? 1000);
    this.announcer = options.announcer ?? new ProgressAnnouncer(dataSource);
  }

  get position(): GlobalPosition {
    return this.committed;
  }

  /** The event a projection configured to stop waits on, until an admin decides. */
  get blockedBy(): { eventId: string; error: string } | undefined {
    return this.blocked;
  }
  private blocked?: { eventId: string; error: string };

  start(): void {
    this.running = this.loop();
    this.retryTimer = setInterval(() => void this.applyRetries(), this.poisonOptions.pollMs);
    this.deferred.start((e) => this.options.log?.(`projection ${this.projection.name}: writing its checkpoint failed: ${(e as Error).message}`));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.retryTimer);
    this.deferred.stop();
    this.wakeBlocked?.();
    await this.subscription?.close();
    await this.running;
    await this.retrying;
    await this.deferred.flush(true).catch(() => undefined); // not written: those events are read again, and do nothing
  }
  private retryTimer?: NodeJS.Timeout;
  private retrying?: Promise<void>;
  private wakeBlocked?: () => void;

  private get poisonOptions(): Required<PoisonOptions> {
    return { attempts: 3, retryDelayMs: 200, pollMs: 1000, ...this.options.poison };
  }

  /** Tells readers waiting for a position that the projection moved (ProgressAnnouncer, shared by a process's runners). */
  private announce(): void {
    if (!this.stopping) this.announcer.announce(this.projection.name, this.committed);
  }

  private async loop(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        this.committed = this.persisted = await readCheckpoint(this.dataSource, this.projection.schema, this.projection.name);
        this.deferred.reset();
        // stop() closes the subscription it sees: one that came while the checkpoint was read must not be opened
        if (this.stopping) break;
        this.subscription = this.store.subscribeToAll({ after: this.committed, batchSize: this.options.batchSize ?? 1000 });
        for await (const batch of this.subscription) {
          const outcome = await this.applyOrIsolate(batch);
          if (outcome === 'resubscribe') break;
          backoff = 100;
          if (this.stopping) break;
        }
        await this.subscription.close();
      } catch (e) {
        if (this.stopping) break;
        this.options.log?.(`projection ${this.projection.name}: ${(e as Error).message}; retrying in ${backoff} ms`);
        await this.subscription?.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /** Applies a batch; one that keeps failing is applied event by event, and the event that fails alone is poisoned. */
  private async applyOrIsolate(batch: RecordedEvent[]): Promise<'ok' | 'resubscribe'> {
    try {
      return await this.attempts(() => this.applyBatch(batch));
    } catch (e) {
      if (isPassingFault(e) || this.stopping || batch.length === 0) throw e;
    }
    for (const event of batch) {
      try {
        if ((await this.attempts(() => this.applyBatch([event]))) === 'resubscribe') return 'resubscribe';
      } catch (e) {
        if (isPassingFault(e) || this.stopping) throw e;
        await this.poisoned(event, e);
        return 'resubscribe'; // read on from the checkpoint past it
      }
    }
    return 'ok';
  }

  /** Runs `fn` up to `attempts` times with doubling pauses; a passing fault goes straight to the caller (the loop's backoff). */
  private async attempts<T>(fn: () => Promise<T>): Promise<T> {
    const { attempts, retryDelayMs } = this.poisonOptions;
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (i >= attempts || isPassingFault(e) || this.stopping) throw e;
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (i - 1)));
      }
    }
  }

  private describe(event: RecordedEvent, e: unknown): PoisonedEvent {
    return {
      projection: this.projection.name,
      eventId: event.id,
      streamId: event.streamId,
      revision: event.revision,
      eventType: event.type,
      position: event.position,
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    };
  }

  /** Parks the event (moving the checkpoint past it, in one transaction) or, for `onPoison: 'stop'`, blocks on it. */
  private async poisoned(event: RecordedEvent, e: unknown): Promise<void> {
    const what = `${event.id} (${event.type} of ${event.streamId} at ${formatPosition(event.position)})`;
    const message = e instanceof Error ? e.message : String(e);
    if (this.projection.onPoison !== 'stop') {
      await this.passOver(event, (q) => recordPoisonedEvent(q, this.describe(event, e), 'parked'));
      this.options.log?.(`projection ${this.projection.name}: parked ${what} after ${this.poisonOptions.attempts} attempts: ${message}`);
      return;
    }
    await recordPoisonedEvent(this.dataSource, this.describe(event, e), 'blocking');
    this.blocked = { eventId: event.id, error: message };
    this.options.log?.(`projection ${this.projection.name}: STOPPED at ${what}: ${message}; waiting for an admin to retry or skip it`);
    try {
      while (!this.stopping) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, this.poisonOptions.pollMs);
          this.wakeBlocked = () => {
            clearTimeout(t);
            r();
          };
        });
        if (this.stopping) return;
        const [row] = await this.dataSource.query(`SELECT state FROM projector_ops.parked_events WHERE projection = $1 AND event_id = $2`, [
          this.projection.name,
          event.id,
        ]);
        if (row?.state === 'skipped') {
          await this.passOver(event, async () => undefined);
          this.options.log?.(`projection ${this.projection.name}: skipped ${what}; going on`);
          return;
        }
        if (row?.state !== 'retry') continue;
        try {
          await this.attempts(() => this.applyBatch([event]));
          await this.dataSource.query(`DELETE FROM projector_ops.parked_events WHERE projection = $1 AND event_id = $2`, [this.projection.name, event.id]);
          this.options.log?.(`projection ${this.projection.name}: applied ${what} on retry; going on`);
          return;
        } catch (again) {
          if (isPassingFault(again)) throw again;
          await recordPoisonedEvent(this.dataSource, this.describe(event, again), 'blocking');
          this.blocked = { eventId: event.id, error: again instanceof Error ? again.message : String(again) };
        }
      }
    } finally {
      this.blocked = undefined;
      this.wakeBlocked = undefined;
    }
  }

  /** Moves the checkpoint past an event without applying it, with `also` in the same transaction. */
  private async passOver(event: RecordedEvent, also: (q: Sql) => Promise<void>): Promise<void> {
    await this.inTransaction(async (q) => {
      await lockProjection(q, this.projection.name);
      const stored = await readCheckpointWith(q, this.projection.schema, this.projection.name, true);
      if (comparePositions(event.position, stored) <= 0) return; // another instance did it
      await also(q);
      await writeCheckpoint(q, this.projection.schema, this.projection.name, event.position);
    });
    this.persisted = event.position;
  }

  /**
   * Writes the position of batches passed over without a transaction (see DeferredCheckpoint): forwards only, and
   * not over a checkpoint reset behind what this runner wrote (a rebuild in place; the next batch resubscribes).
   */
  private async writePassedOver(position: GlobalPosition): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const persisted = this.persisted;
    let wrote = false;
    await this.inTransaction(async (q) => {
      await lockProjection(q, this.projection.name);
      const stored = await readCheckpointWith(q, this.projection.schema, this.projection.name, true);
      if (comparePositions(stored, persisted) < 0 || comparePositions(stored, position) >= 0) return;
      await writeCheckpoint(q, this.projection.schema, this.projection.name, position);
      wrote = true;
    });
    if (wrote && comparePositions(position, this.persisted) > 0) this.persisted = position;
  }

  /**
   * Applies the parked events an admin asked to retry (those the checkpoint is
   * already past; a blocking one is retried by the loop waiting on it), each on
   * its own: applied, the row goes; failing again, it is parked again with the new error.
   */
  private applyRetries(): Promise<void> {
    if (this.retrying || this.stopping) return this.retrying ?? Promise.resolve();
    this.retrying = (async () => {
      const rows: { event_id: string; stream_id: string; revision: string }[] = await this.dataSource.query(
        `SELECT p.event_id, p.stream_id, p.revision FROM projector_ops.parked_events p, ${this.projection.schema}.checkpoint c
         WHERE p.projection = $1 AND p.state = 'retry' AND c.projection = $1
           AND (p.commit_position, p.prepare_position) <= (c.commit_position, c.prepare_position)`,
        [this.projection.name],
      );
      for (const row of rows) {
        if (this.stopping) return;
        const [event] = await this.store.readStream(row.stream_id, { fromRevision: BigInt(row.revision), maxCount: 1 });
        if (!event || event.id !== row.event_id) {
          await this.dataSource.query(
            `UPDATE projector_ops.parked_events SET state = 'parked', error = $3, failures = failures + 1, updated_at = now() WHERE projection = $1 AND event_id = $2`,
            [this.projection.name, row.event_id, `retry: the event is no longer at revision ${row.revision} of ${row.stream_id}`],
          );
          continue;
        }
        try {
          await this.inTransaction(async (q) => {
            await lockProjection(q, this.projection.name);
            const [still] = await q.query(`SELECT 1 FROM projector_ops.parked_events WHERE projection = $1 AND event_id = $2 AND state = 'retry' FOR UPDATE`, [
              this.projection.name,
              event.id,
            ]);
            if (!still) return; // another instance took it, or an admin skipped it meanwhile
            if (this.projection.handles(event.type)) {
              await this.projection.apply([event], new TableWriter(q, { [this.projection.schema]: this.projection.schema }));
            }
            await q.query(`DELETE FROM projector_ops.parked_events WHERE projection = $1 AND event_id = $2`, [this.projection.name, event.id]);
          });
          this.options.log?.(`projection ${this.projection.name}: applied parked ${event.id} on retry`);
        } catch (e) {
          if (isPassingFault(e)) return;
          await recordPoisonedEvent(this.dataSource, this.describe(event, e), 'parked');
          this.options.log?.(`projection ${this.projection.name}: retry of ${event.id} failed again: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })()
      .catch((e: unknown) => this.options.log?.(`projection ${this.projection.name}: looking for retries failed: ${(e as Error).message}`))
      .finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  private async inTransaction(fn: (q: Sql) => Promise<void>): Promise<void> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      await fn(q);
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }

  /** Applies one batch in one transaction; returns 'resubscribe' if the checkpoint moved behind our back. */
  async applyBatch(batch: RecordedEvent[]): Promise<'ok' | 'resubscribe'> {
    const last = batch[batch.length - 1]?.position;
    if (last && !batch.some((e) => this.projection.handles(e.type)) && this.deferred.passOver(last)) {
      if (comparePositions(last, this.committed) > 0) this.committed = last;
      this.announce();
      this.options.onCommitted?.(this.committed, 0);
      return 'ok';
    }
    const spans = this.spansOf(batch);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await applyInTransaction(q, this.projection, this.projection.schema, batch, this.persisted);
      if (result.kind === 'behind') {
        await q.rollbackTransaction();
        this.committed = this.persisted = result.checkpoint;
        this.deferred.reset();
        return 'resubscribe';
      }
      await q.commitTransaction();
      this.committed = this.persisted = result.position;
      this.deferred.written(result.position);
      if (result.applied > 0 || batch.length > 0) this.announce();
      this.options.onCommitted?.(result.position, result.applied);
      return 'ok';
    } catch (e) {
      spans.forEach((s) => failed(s, e));
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      spans.forEach((s) => s.end());
      await q.release();
    }
  }

  /** A span per event that carries its command's trace (only traced commands do), ended when the batch commits. */
  private spansOf(batch: RecordedEvent[]): Span[] {
    const spans: Span[] = [];
    for (const e of batch) {
      if (typeof e.metadata.traceparent !== 'string' || !this.projection.handles(e.type)) continue;
      const attributes = { 'megabot.event': e.type, 'megabot.stream': e.streamId, 'megabot.lag_ms': Date.now() - Date.parse(e.metadata.occurredAt) };
      spans.push(tracer().startSpan(`project ${this.projection.name}`, { kind: SpanKind.CONSUMER, attributes }, contextOf(e.metadata.traceparent)));
    }
    return spans;
  }
}

type BatchResult = { kind: 'applied'; position: GlobalPosition; applied: number } | { kind: 'behind'; checkpoint: GlobalPosition };

/**
 * The heart of a projection step, shared by the live runner and the rebuild:
 * lock, compare the stored checkpoint, apply what is new, move the checkpoint.
 */
export async function applyInTransaction(
  q: Sql,
  projection: Projection,
  schema: string,
  batch: RecordedEvent[],
  expectedCheckpoint?: GlobalPosition,
): Promise<BatchResult> {
  await lockProjection(q, projection.name);
  const stored = await readCheckpointWith(q, schema, projection.name, true);
  if (expectedCheckpoint && comparePositions(stored, expectedCheckpoint) < 0) {
    // Someone reset the checkpoint (e.g. a rebuild in place): re-read the log from there.
    return { kind: 'behind', checkpoint: stored };
  }
  const fresh = batch.filter((e) => comparePositions(e.position, stored) > 0);
  const relevant = fresh.filter((e) => projection.handles(e.type));
  if (relevant.length) await projection.apply(relevant, new TableWriter(q, { [projection.schema]: schema }));
  const last = fresh.length ? fresh[fresh.length - 1].position : stored;
  if (fresh.length) await writeCheckpoint(q, schema, projection.name, last);
  return { kind: 'applied', position: last, applied: relevant.length };
}

/**
 * The projection's leadership for this transaction (several projector instances take turns, batch by batch); the
 * transaction commits without waiting for the WAL flush (ASYNC_COMMIT): lost in a database crash, its rows go with
 * its checkpoint and the batch is projected again.
 */
async function lockProjection(q: Pick<Sql, 'query'>, name: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext($1)), ${ASYNC_COMMIT}`, [`megabot:projection:${name}`]);
}

async function writeCheckpoint(q: Pick<Sql, 'query'>, schema: string, name: string, position: GlobalPosition): Promise<void> {
  await q.query(`UPDATE ${schema}.checkpoint SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE projection = $1`, [
    name,
    position.commit.toString(),
    position.prepare.toString(),
  ]);
}

/** Serialization failure, deadlock, lock not available, query cancelled (timeout). */
const PASSING_CODES = new Set(['40001', '40P01', '55P03', '57014']);

/**
 * Faults that say nothing about the event: the database away or overloaded, a
 * deadlock, a timeout, the event store unavailable. Retried for ever, never parked.
 */
export function isPassingFault(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; name?: string; message?: string };
  if (err?.name === 'EventStoreUnavailableError' || isDatabaseUnavailable(e)) return true;
  const code = err?.code ?? err?.driverError?.code;
  return typeof code === 'string' && PASSING_CODES.has(code);
}

export async function readCheckpoint(ds: DataSource, schema: string, name: string): Promise<GlobalPosition> {
  return readCheckpointWith(ds, schema, name, false);
}

async function readCheckpointWith(q: Pick<Sql, 'query'>, schema: string, name: string, lock: boolean): Promise<GlobalPosition> {
  const rows = await q.query(`SELECT commit_position, prepare_position FROM ${schema}.checkpoint WHERE projection = $1${lock ? ' FOR UPDATE' : ''}`, [name]);
  if (!rows.length) throw new Error(`projection ${name} has no checkpoint row in ${schema}.checkpoint: run the migrations`);
  return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
}
