import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '@megabot/config';
import { START_POSITION, type GlobalPosition } from '@megabot/contracts';
import { createEventStore, PostgresEventStore, type EventStore } from '@megabot/event-store';
import { openDatabase } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel, type Sql } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { applyInTransaction } from './projection-runner';
import type { Projection } from './projection';
import { allProjections } from './projections';

export interface RebuildProgress {
  processed: number;
  total?: number;
}

/**
 * Replays the whole log into fresh tables beside the live ones, then swaps
 * them in atomically. Readers keep the old read model until the swap; the
 * live projector pauses only for the final catch-up (it shares the lock).
 */
export async function rebuildProjection(
  store: EventStore,
  ds: DataSource,
  projection: Projection,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  batchSize = 2000,
): Promise<{ events: number; position: GlobalPosition }> {
  const live = projection.schema;
  const fresh = `${live}__rebuild`;
  // Bulk of the history: one transaction per batch, the live projector keeps running.
  const replay = await replayInto(store, ds, projection, fresh, onProgress, batchSize);
  let { processed, position } = replay;
  const step = async (q: Sql) => {
    const batch = await store.readAll({ after: position, maxCount: batchSize });
    if (!batch.length) return false;
    const r = await applyInTransaction(q, projection, fresh, batch);
    if (r.kind === 'applied') position = r.position;
    processed += batch.length;
    onProgress({ processed, total: replay.total });
    return true;
  };

  // The tail and the swap, holding the projection's lock so the live runner waits.
  const q = ds.createQueryRunner();
  await q.connect();
  try {
    await q.startTransaction();
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`megabot:projection:${projection.name}`]);
    while (await step(q));
    await q.query(`ALTER SCHEMA ${live} RENAME TO ${live}__old`);
    await q.query(`ALTER SCHEMA ${fresh} RENAME TO ${live}`);
    await q.query(`DROP SCHEMA ${live}__old CASCADE`);
    await q.commitTransaction();
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction();
    throw e;
  } finally {
    await q.release();
  }
  return { events: processed, position };
}

/**
 * Replays the log from position 0 into `schema`, made afresh with the live
 * schema's tables (empty), one transaction per batch, up to the log's end as
 * read now; the live tables are not touched. A rebuild swaps it in after;
 * the reliability suite compares it with the live tables.
 */
export async function replayInto(
  store: EventStore,
  ds: DataSource,
  projection: Projection,
  schema: string,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  batchSize = 2000,
): Promise<{ processed: number; position: GlobalPosition; total?: number }> {
  const live = projection.schema;
  await ds.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await ds.query(`CREATE SCHEMA ${schema}`);
  const tables: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [live],
  );
  for (const { table_name } of tables) {
    await ds.query(`CREATE TABLE ${schema}.${table_name} (LIKE ${live}.${table_name} INCLUDING ALL)`);
  }
  await ds.query(`INSERT INTO ${schema}.checkpoint (projection, commit_position, prepare_position) VALUES ($1, 0, 0)`, [projection.name]);

  const total = store instanceof PostgresEventStore ? await store.countEvents() : undefined;
  let processed = 0;
  let position = START_POSITION;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: batchSize });
    if (!batch.length) break;
    const q = ds.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const r = await applyInTransaction(q, projection, schema, batch);
      if (r.kind === 'applied') position = r.position;
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    processed += batch.length;
    onProgress({ processed, total });
  }
  return { processed, position, total };
}

async function main() {
  const name = process.argv[2];
  const config = loadConfig();
  const projections = allProjections(config);
  const projection = projections.find((p) => p.name === name);
  if (!projection) {
    console.error(`usage: npm run projections:rebuild -- <${projections.map((p) => p.name).join('|')}>`);
    process.exit(2);
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = await createEventStore({ eventStoreUrl: config.eventStoreUrl, databaseUrl: db.url, poolSize: 2 });
  const ds = createReadModelDataSource(db.url, { poolSize: 2, applicationName: 'megabot-rebuild' });
  await ds.initialize();
  await migrateReadModel(ds);
  const bar = new SingleBar(
    { format: `rebuild ${name} [{bar}] {percentage}% | {value}/{total} events | {duration}s`, noTTYOutput: true, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  let started = false;
  const t0 = Date.now();
  try {
    const result = await rebuildProjection(store, ds, projection, ({ processed, total }) => {
      if (!started) bar.start(total ?? processed, 0);
      started = true;
      if (total === undefined || processed > total) bar.setTotal(processed);
      bar.update(processed);
    });
    if (!started) bar.start(0, 0);
    bar.stop();
    console.log(`rebuilt ${name}: ${result.events} events in ${((Date.now() - t0) / 1000).toFixed(1)} s, swapped in atomically`);
  } finally {
    await store.close();
    await ds.destroy();
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`rebuild failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
