import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const UP = path.resolve(__dirname, '..', '..');
/** The checkout: two folders up from tools/web-apps, three from dist/tools/web-apps. */
const ROOT = path.basename(UP) === 'dist' ? path.dirname(UP) : UP;

/**
 * The single-page apps Vite builds, each to its own ./dist: the admin site (served by apps/admin) and the seating
 * Web App (served by the API at /seating/app/, opened inside Telegram).
 */
export const WEB_APPS = { admin: 'apps/admin/web', seating: 'apps/api/web/seating' } as const;
export type WebApp = keyof typeof WEB_APPS;

export const webAppDist = (app: WebApp) => path.join(ROOT, WEB_APPS[app], 'dist');

/** The newest modification time of an app's sources (its config, page, assets and code). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds a web app with Vite when its sources (or code it imports from libs/) are newer than the last build (offline:
 * everything it needs is in node_modules). `npm start` and the browser tests call it; the image runs `npm run build:web`.
 */
export async function buildWebApp(app: WebApp, log: (line: string) => void = () => undefined): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  const web = path.join(ROOT, WEB_APPS[app]);
  const index = path.join(webAppDist(app), 'index.html');
  const lockFile = path.join(ROOT, 'package-lock.json');
  const inputs = Math.max(newestSource(web), newestSource(path.join(ROOT, 'libs')), fs.existsSync(lockFile) ? fs.statSync(lockFile).mtimeMs : 0);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= inputs) return { built: false, ms: 0 };
  log(`building the ${app} web app (vite)…`);
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.mts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // a production bundle, also when called from a test runner (NODE_ENV=test would give React's development build)
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build of ${app} failed (${code}):\n${output}`))));
  });
  return { built: true, ms: Date.now() - started };
}
