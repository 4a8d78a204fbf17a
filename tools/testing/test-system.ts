import type { INestApplication } from '@nestjs/common';
import type { PostgresEventStore } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores } from '@megabot/testing/scratch-stores';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import type { ApiOptions } from '../../apps/api/src/core/api-options';
import { ProjectionRunner } from '../../apps/projector/src/projection-runner';
import { allProcessManagers, allProjections, type ProcessManager } from '../../apps/projector/src/projections';

/**
 * The system as end-to-end tests need it: a fresh database, the event store,
 * the read model, every projection running (process managers on request), and the API listening on a
 * free port — the same parts as production, in one process.
 */
export interface TestSystem {
  databaseUrl: string;
  store: PostgresEventStore;
  ds: DataSource;
  api: INestApplication;
  apiUrl: string;
  /** Stops the projector (e.g. to test read-your-writes while it is down). */
  stopProjector(): Promise<void>;
  startProjector(): void;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /** Also run the projector's process managers (closing lots, releasing rooms, offboarding). */
  processManagers?: boolean;
}

export async function startTestSystem(api: Partial<ApiOptions> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  const [db] = testDatabases();
  const scratch = await openScratchStores(db.url);
  const { store, ds } = scratch;
  let runners: ProjectionRunner[] = [];
  let managers: ProcessManager[] = [];
  const startProjector = () => {
    runners = allProjections().map((p) => new ProjectionRunner(store, ds, p));
    runners.forEach((r) => r.start());
    managers = options.processManagers ? allProcessManagers({ store, ds }) : [];
    managers.forEach((m) => m.start());
  };
  const stopProjector = async () => {
    await Promise.all([...managers, ...runners].map((r) => r.stop()));
    runners = [];
    managers = [];
  };
  startProjector();
  const app = await createApiApp({ databaseUrl: scratch.url, httpAdapter: 'fastify', dbPoolSize: 4, readWaitTimeoutMs: 3000, ...api }, false);
  await app.listen(0, '127.0.0.1');
  return {
    databaseUrl: scratch.url,
    store,
    ds,
    api: app,
    apiUrl: await app.getUrl(),
    stopProjector,
    startProjector,
    close: async () => {
      await app.close();
      await stopProjector();
      await scratch.close();
    },
  };
}
