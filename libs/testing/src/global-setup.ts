import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../platform/src/embedded-postgres';
import { SERVER_URL } from './databases';

/**
 * Starts one embedded PostgreSQL for the whole run and probes the machine's
 * server. On CI both must be there; elsewhere a missing server is reported and
 * its half of the adapter tests is skipped.
 */
export default async function globalSetup(): Promise<void> {
  const probe = new Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
    process.env.MEGABOT_TEST_SERVER_PG = 'up';
  } catch (e) {
    await probe.end().catch(() => undefined);
    if (process.env.CI) throw new Error(`CI needs the PostgreSQL server at ${SERVER_URL}: ${(e as Error).message}`, { cause: e });
    console.warn(`\n[tests] PostgreSQL server at ${SERVER_URL} unreachable (${(e as Error).message}): server-side adapter tests are SKIPPED\n`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-test-pg-'));
  fs.chmodSync(dataDir, 0o755); // mkdtemp makes it 0700: the postgres user (as root) must traverse it
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'data'),
    database: 'test',
    settings: { max_connections: 300 },
  });
  process.env.MEGABOT_TEST_EMBEDDED_PG_URL = pg.url;
  (globalThis as Record<string, unknown>).__megabotEmbeddedPg = { pg, dataDir };
}
