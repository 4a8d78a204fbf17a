import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `npm start` writes what it started into DATA_DIR/runtime.json, so CLIs
 * (rebuild, bench, audit) use the running embedded database instead of
 * starting a second server on the same data folder.
 */
export interface RuntimeInfo {
  pid: number;
  databaseUrl: string;
  apiUrl?: string;
  startedAt: string;
  [key: string]: unknown;
}

const file = (dataDir: string) => path.join(dataDir, 'runtime.json');

export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file(dataDir), JSON.stringify(info, null, 2));
}

export function clearRuntime(dataDir: string): void {
  fs.rmSync(file(dataDir), { force: true });
}

export function readRuntime(dataDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file(dataDir), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

export interface OpenedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL if set; else the embedded server of a running `npm start`; else start the embedded server. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; log?: (l: string) => void }): Promise<OpenedDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
  const running = readRuntime(options.dataDir);
  if (running) return { url: running.databaseUrl, embedded: true, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'pg'), log: options.log });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
