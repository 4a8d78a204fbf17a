import { isDatabaseUnavailable } from '@megabot/platform';
import { createScratchDatabase, testDatabases } from '@megabot/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createReadModelDataSource } from './data-source';

const [db] = testDatabases();

/**
 * A connection that dies while a transaction holds it (between two statements, when the server restarts or the
 * backend is terminated): TypeORM releases the query runner, and the next statement must read as the database being
 * unavailable - a 503 in the API, a passing fault the projection runner waits out - not as a fault of the request or
 * of the event being projected (which the runner would park after three attempts).
 */
describe('read-model data source: a connection lost while checked out', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  beforeAll(async () => {
    scratch = await createScratchDatabase(db.url);
    ds = createReadModelDataSource(scratch.url, { poolSize: 2 });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  it('fails the next statement as "database unavailable", and the pool goes on with a fresh connection', async () => {
    const q = ds.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    const [{ pid }] = await q.query('SELECT pg_backend_pid() AS pid');
    const admin = new Client({ connectionString: scratch.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    // the server's FATAL message arrives on the idle checked-out connection
    await new Promise((r) => setTimeout(r, 200));
    const failure = await q.query('SELECT 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await q.rollbackTransaction().catch(() => undefined);
    await q.release();
    expect(await ds.query('SELECT 2 AS n')).toEqual([{ n: 2 }]);
  });
});
