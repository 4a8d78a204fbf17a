import { comparePositions } from '@megabot/contracts';
import { PostgresEventStore } from '@megabot/event-store';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { createScratchDatabase } from './databases';

/** A fresh database with the event store and the migrated read model: the base of every system test. */
export interface ScratchStores {
  url: string;
  store: PostgresEventStore;
  ds: DataSource;
  close(): Promise<void>;
}

export async function openScratchStores(baseUrl: string, poolSize = 3): Promise<ScratchStores> {
  const scratch = await createScratchDatabase(baseUrl);
  const store = await PostgresEventStore.create({ connectionString: scratch.url });
  const ds = createReadModelDataSource(scratch.url, { poolSize });
  await ds.initialize();
  await migrateReadModel(ds);
  return {
    url: scratch.url,
    store,
    ds,
    close: async () => {
      await store.close();
      await ds.destroy();
      await scratch.drop();
    },
  };
}

/**
 * Waits until the projections writing these schemas have applied every event written so far. It counts the events
 * table rather than trusting the global log's last event: the log shows an event only once every older transaction
 * on the whole server has ended, so under load (other tests' transactions) it can lag behind what was written.
 */
export async function waitForProjections(scratch: ScratchStores, schemas: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pause = () => {
    if (Date.now() > deadline) throw new Error(`the projections of ${schemas.join(', ')} did not catch up within ${timeoutMs} ms`);
    return new Promise((r) => setTimeout(r, 25));
  };
  const [{ written }]: { written: number }[] = await scratch.ds.query(`SELECT count(*)::int AS written FROM ${scratch.store.schema}.events`);
  let log = await scratch.store.readAll({ maxCount: written + 1 });
  while (log.length < written) {
    await pause();
    log = await scratch.store.readAll({ maxCount: written + 1 });
  }
  const last = log.at(-1);
  if (!last) return;
  for (;;) {
    const done = await Promise.all(
      schemas.map(async (schema) => {
        const [cp]: { commit_position: string; prepare_position: string }[] = await scratch.ds.query(
          `SELECT commit_position, prepare_position FROM ${schema}.checkpoint`,
        );
        return !!cp && comparePositions({ commit: BigInt(cp.commit_position), prepare: BigInt(cp.prepare_position) }, last.position) >= 0;
      }),
    );
    if (done.every(Boolean)) return;
    await pause();
  }
}
