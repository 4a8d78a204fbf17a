import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PostgresEventStore } from '@megabot/event-store';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { BenchActors } from './actors';

/**
 * A fresh embedded PostgreSQL in a temporary folder with the event store and read model migrated, the environment
 * the API, projector and bot processes run with against it, and the actors that call them. The database can be
 * stopped and started again on the same port and data (the database-fault probe).
 */
export interface BenchSystem {
  url: string;
  store: PostgresEventStore;
  ds: DataSource;
  actors: BenchActors;
  /** The audit chain key the API writes under (AUDIT_CHAIN_KEY), to verify the chains with. */
  chainKey: string;
  /** For apps/api, apps/projector: the database, keys in a folder of this run, the bot credential, quiet logs. */
  env: NodeJS.ProcessEnv;
  dist: string;
  apiFile: string;
  projectorFile: string;
  /** The environment of an API process on a free port, and its origin. */
  apiEnv(): Promise<{ env: NodeJS.ProcessEnv; origin: string }>;
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchSystem(name: string, dist: string, env: NodeJS.ProcessEnv = {}): Promise<BenchSystem> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `megabot-${name}-`));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const dataDir = path.join(dir, 'data');
  let pg: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ dataDir, database: name });
  const port = pg.port;
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 4 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 2 });
  await ds.initialize();
  await migrateReadModel(ds);
  const actors = new BenchActors();
  const chainKey = randomBytes(32).toString('base64url');
  const systemEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pg.url,
    DATA_DIR: path.join(dir, 'app'),
    BOT_API_TOKEN: actors.botToken,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    AUDIT_CHAIN_KEY: chainKey,
    BID_RATE_LIMIT_PER_MINUTE: '0',
    HTTP_ADAPTER: 'fastify',
    LOG_LEVEL: 'error',
    DB_POOL_SIZE: '8',
    ...env,
  };
  return {
    url: pg.url,
    store,
    ds,
    actors,
    chainKey,
    env: systemEnv,
    dist,
    apiFile: path.join(dist, 'apps/api/src/main.js'),
    projectorFile: path.join(dist, 'apps/projector/src/main.js'),
    async apiEnv() {
      const apiPort = await freePort();
      return { env: { ...systemEnv, API_PORT: String(apiPort) }, origin: `http://127.0.0.1:${apiPort}` };
    },
    async stopDatabase() {
      await pg?.stop();
      pg = undefined;
    },
    async startDatabase() {
      pg ??= await startEmbeddedPostgres({ dataDir, database: name, port });
    },
    async close() {
      await ds.destroy().catch(() => undefined);
      await store.close().catch(() => undefined);
      await pg?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
