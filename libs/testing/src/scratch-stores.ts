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
