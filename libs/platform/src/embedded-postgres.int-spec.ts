import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

const query = async (url: string, sql: string) => {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
};

describe('embedded PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-epg-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('initialises once, keeps data across restarts, and stops', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startEmbeddedPostgres({ dataDir, database: 'app' });
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await startEmbeddedPostgres({ dataDir, database: 'app' });
    expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
    expect((await query(second.url, 'SHOW server_version'))[0].server_version).toMatch(/^18\./);
    // new WAL segments are not zero-filled (a commit waited 40-60 ms for it every few seconds under load)
    expect((await query(second.url, 'SHOW wal_init_zero'))[0].wal_init_zero).toBe('off');
    await second.stop();
    await expect(query(second.url, 'SELECT 1')).rejects.toThrow();
  });

  it('recovers after its owner was killed with SIGKILL (orphaned server on the data folder)', async () => {
    const dataDir = path.join(dir, 'data');
    // A separate Node process owns the server and dies without stopping it.
    const script = path.join(dir, 'owner.js');
    fs.writeFileSync(
      script,
      `const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(__dirname, 'embedded-postgres.ts'))});` +
        `startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: 'app' }).then((pg) => process.send({ url: pg.url }));`,
    );
    const owner = fork(script, [], { execArgv: ['-r', path.join(__dirname, '..', '..', 'testing', 'src', 'register-ts.js')], stdio: 'ignore' });
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      owner.once('message', (m) => resolve(m as { url: string }));
      owner.once('exit', (code) => reject(new Error(`owner exited ${code}`)));
    });
    await query(url, 'CREATE TABLE survived (n int); INSERT INTO survived VALUES (7)');
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    const orphanPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(orphanPid, 0)).not.toThrow(); // still running, orphaned

    const again = await startEmbeddedPostgres({ dataDir, database: 'app' });
    expect(await query(again.url, 'SELECT n FROM survived')).toEqual([{ n: 7 }]);
    expect(() => process.kill(orphanPid, 0)).toThrow();
    await again.stop();
  });

  if (process.getuid?.() === 0) {
    it('as root, moves a data folder the postgres user cannot reach and still starts', async () => {
      const locked = path.join(dir, 'private');
      fs.mkdirSync(locked, { mode: 0o700 });
      fs.chmodSync(locked, 0o700);
      const pg = await startEmbeddedPostgres({ dataDir: path.join(locked, 'data'), database: 'app' });
      try {
        expect(pg.dataDir.startsWith(locked)).toBe(false);
        expect(await query(pg.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await pg.stop();
        fs.rmSync(path.dirname(pg.dataDir), { recursive: true, force: true });
      }
    });
  }
});
