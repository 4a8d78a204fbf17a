import { comparePositions, formatPosition, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import type { EventStore, EventSubscription, RecordedEvent } from '@megabot/event-store';
import { coalesced } from '@megabot/platform';
import { TableWriter, type Sql } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';

/** Channel on which the projector announces "projection:position" after each commit. */
export const PROJECTIONS_CHANNEL = 'megabot_projections';

export interface RunnerOptions {
  batchSize?: number;
  log?: (message: string) => void;
  /** Called after each committed batch (tests, progress). */
  onCommitted?: (position: GlobalPosition, applied: number) => void;
}

/**
 * Feeds one projection from the global log. Each batch is applied and the
 * checkpoint advanced in the same transaction, under an advisory lock per
 * projection: a crash replays only uncommitted work, several instances never
 * apply an event twice, and a rebuild can swap schemas between two batches.
 */
export class ProjectionRunner {
  private subscription?: EventSubscription;
  private running?: Promise<void>;
  private stopping = false;
  private committed: GlobalPosition = START_POSITION;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {}

  get position(): GlobalPosition {
    return this.committed;
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.close();
    await this.running;
  }

  /**
   * Tells readers waiting for a position (read-your-writes) that the checkpoint
   * moved. After the commit, in its own statement and coalesced: a NOTIFY in
   * the batch's transaction would hold the global notify lock through the commit.
   */
  private readonly announce = coalesced(async () => {
    if (this.stopping) return; // the data source may be closing
    await this.dataSource.query('SELECT pg_notify($1, $2)', [PROJECTIONS_CHANNEL, `${this.projection.name}:${formatPosition(this.committed)}`]);
  });

  private async loop(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        this.committed = await readCheckpoint(this.dataSource, this.projection.schema, this.projection.name);
        this.subscription = this.store.subscribeToAll({ after: this.committed, batchSize: this.options.batchSize ?? 1000 });
        for await (const batch of this.subscription) {
          const outcome = await this.applyBatch(batch);
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

  /** Applies one batch in one transaction; returns 'resubscribe' if the checkpoint moved behind our back. */
  async applyBatch(batch: RecordedEvent[]): Promise<'ok' | 'resubscribe'> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await applyInTransaction(q, this.projection, this.projection.schema, batch, this.committed);
      if (result.kind === 'behind') {
        await q.rollbackTransaction();
        this.committed = result.checkpoint;
        return 'resubscribe';
      }
      await q.commitTransaction();
      this.committed = result.position;
      if (result.applied > 0 || batch.length > 0) this.announce();
      this.options.onCommitted?.(result.position, result.applied);
      return 'ok';
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
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
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`megabot:projection:${projection.name}`]);
  const stored = await readCheckpointWith(q, schema, projection.name, true);
  if (expectedCheckpoint && comparePositions(stored, expectedCheckpoint) < 0) {
    // Someone reset the checkpoint (e.g. a rebuild in place): re-read the log from there.
    return { kind: 'behind', checkpoint: stored };
  }
  const fresh = batch.filter((e) => comparePositions(e.position, stored) > 0);
  const relevant = fresh.filter((e) => projection.handles(e.type));
  if (relevant.length) await projection.apply(relevant, new TableWriter(q, { [projection.schema]: schema }));
  const last = fresh.length ? fresh[fresh.length - 1].position : stored;
  if (fresh.length) {
    await q.query(`UPDATE ${schema}.checkpoint SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE projection = $1`, [
      projection.name,
      last.commit.toString(),
      last.prepare.toString(),
    ]);
  }
  return { kind: 'applied', position: last, applied: relevant.length };
}

export async function readCheckpoint(ds: DataSource, schema: string, name: string): Promise<GlobalPosition> {
  return readCheckpointWith(ds, schema, name, false);
}

async function readCheckpointWith(q: Pick<Sql, 'query'>, schema: string, name: string, lock: boolean): Promise<GlobalPosition> {
  const rows = await q.query(`SELECT commit_position, prepare_position FROM ${schema}.checkpoint WHERE projection = $1${lock ? ' FOR UPDATE' : ''}`, [name]);
  if (!rows.length) throw new Error(`projection ${name} has no checkpoint row in ${schema}.checkpoint: run the migrations`);
  return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
}
