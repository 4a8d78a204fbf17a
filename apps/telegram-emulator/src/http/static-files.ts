import { existsSync, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** Finds the dev chat folder both from sources (src/../web) and from the swc build (dist/…). */
export function resolveWebDir(explicit?: string): string {
  const candidates = [
    explicit,
    path.resolve(__dirname, '../../web'),
    path.resolve(__dirname, '../web'),
    path.resolve(__dirname.replace(`${path.sep}dist${path.sep}`, path.sep), '../../web'),
    path.resolve(process.cwd(), 'apps/telegram-emulator/web'),
  ].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}

/** Serves a file of the dev chat; returns false when there is no such file. */
export async function serveStatic(webDir: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  let relative = decodeURIComponent(urlPath);
  if (relative === '/' || relative === '') relative = '/index.html';
  if (relative === '/favicon.ico') relative = '/favicon.svg';
  const file = path.resolve(webDir, `.${relative}`);
  if (!file.startsWith(path.resolve(webDir) + path.sep)) return false;
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': data.length,
    'cache-control': 'no-cache',
  });
  res.end(data);
  return true;
}
