import { comparePositions, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import type { EventStore, EventSubscription, RecordedEvent } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import { DeferredCheckpoint } from '../deferred-checkpoint';

/** Runs SQL inside the reactor's transaction. */
export interface ReactorSql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

export interface LogReactorOptions {
  /** Checkpoint name in identity_ops.checkpoints; also the advisory lock. */
  name: string;
  handles(eventType: string): boolean;
  /** Reacts to the relevant events of one batch inside the checkpoint's transaction; a throw rolls back and retries. */
  handle(events: RecordedEvent[], sql: ReactorSql): Promise<void>;
  log?: (message: string) => void;
  batchSize?: number;
  /** Longest a batch with nothing for the reactor waits before its position is written (DeferredCheckpoint; 1000 ms). */
  deferCheckpointMs?: number;
}

/**
 * A side-effect reactor that follows the global log from its own checkpoint
 * (in `identity_ops`, outside every rebuilt schema, so a projection rebuild
 * never fires it again). Each batch is handled and the checkpoint advanced in
 * one transaction under an advisory lock: several instances never handle an
 * event twice, and a failed batch is retried with backoff. Effects that leave
 * the database (an e-mail) must still be keyed by event id by the handler.
 * A batch with nothing the reactor handles is passed over without a transaction (DeferredCheckpoint).
 */
export class LogReactor {
  private subscription?: EventSubscription;
  private running?: Promise<void>;
  private stopping = false;
  private committed: GlobalPosition = START_POSITION;
  private readonly deferred: DeferredCheckpoint;

  constructor(
    private readonly store: EventStore,
    private readonly ds: DataSource,
    private readonly options: LogReactorOptions,
  ) {
    this.deferred = new DeferredCheckpoint((position) => this.write([], position), options.deferCheckpointMs ?? 1000);
  }

  get name() {
    return this.options.name;
  }

  get position(): GlobalPosition {
    return this.committed;
  }

  start(): void {
    this.stopping = false;
    this.running = this.loop();
    this.deferred.start((e) => this.options.log?.(`${this.options.name}: writing its checkpoint failed: ${(e as Error).message}`));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.deferred.stop();
    await this.subscription?.close();
    await this.running;
    if (this.ds.isInitialized) await this.deferred.flush(true).catch(() => undefined); // not written: read again, and nothing done
  }

  private async loop(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        this.committed = await this.readCheckpoint(this.ds, false);
        this.deferred.reset();
        this.subscription = this.store.subscribeToAll({ after: this.committed, batchSize: this.options.batchSize ?? 500 });
        for await (const batch of this.subscription) {
          await this.applyBatch(batch);
          backoff = 100;
          if (this.stopping) break;
        }
        await this.subscription.close();
      } catch (e) {
        if (this.stopping) break;
        this.options.log?.(`${this.options.name}: ${(e as Error).message}; retrying in ${backoff} ms`);
        await this.subscription?.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1]?.position;
    if (!last) return;
    if (!batch.some((e) => this.options.handles(e.type)) && this.deferred.passOver(last)) {
      if (comparePositions(last, this.committed) > 0) this.committed = last;
      return;
    }
    await this.write(batch, last);
  }

  /** Handles the batch's fresh relevant events and moves the checkpoint to `through` (forwards only), in one transaction. */
  private async write(batch: RecordedEvent[], through: GlobalPosition): Promise<void> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`megabot:reactor:${this.options.name}`]);
      const stored = await this.readCheckpoint(q, true);
      const relevant = batch.filter((e) => comparePositions(e.position, stored) > 0 && this.options.handles(e.type));
      if (relevant.length) await this.options.handle(relevant, q);
      if (comparePositions(through, stored) > 0) {
        await q.query(`UPDATE identity_ops.checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE name = $1`, [
          this.options.name,
          through.commit.toString(),
          through.prepare.toString(),
        ]);
      }
      await q.commitTransaction();
      const reached = comparePositions(through, stored) > 0 ? through : stored;
      if (comparePositions(reached, this.committed) > 0) this.committed = reached;
      this.deferred.written(through);
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }

  private async readCheckpoint(q: ReactorSql, lock: boolean): Promise<GlobalPosition> {
    await q.query(`INSERT INTO identity_ops.checkpoints (name, commit_position, prepare_position) VALUES ($1, 0, 0) ON CONFLICT (name) DO NOTHING`, [
      this.options.name,
    ]);
    const rows = await q.query(`SELECT commit_position, prepare_position FROM identity_ops.checkpoints WHERE name = $1${lock ? ' FOR UPDATE' : ''}`, [
      this.options.name,
    ]);
    return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
  }
}
