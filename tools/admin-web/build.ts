import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The admin site's single-page app: its sources and where Vite writes it (served by apps/admin). */
const UP = path.resolve(__dirname, '..', '..');
/** The checkout: two folders up from tools/admin-web, three from dist/tools/admin-web. */
const ROOT = path.basename(UP) === 'dist' ? path.dirname(UP) : UP;
const WEB = path.join(ROOT, 'apps/admin/web');
export const ADMIN_WEB_DIST = path.join(WEB, 'dist');

/** The newest modification time of the app's sources (its config, page, assets and code). */
function newestSource(dir = WEB): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the admin site with Vite when its sources are newer than the last build (offline: everything it needs is in
 * node_modules). `npm start` and the admin site's browser tests call it; the image builds it with `npm run build:admin`.
 */
export async function buildAdminWeb(log: (line: string) => void = () => undefined): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  const index = path.join(ADMIN_WEB_DIST, 'index.html');
  const lockFile = path.join(ROOT, 'package-lock.json');
  const inputs = Math.max(newestSource(), fs.existsSync(lockFile) ? fs.statSync(lockFile).mtimeMs : 0);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= inputs) return { built: false, ms: 0 };
  log('building the admin site (vite)…');
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // a production bundle, also when called from a test runner (NODE_ENV=test would give React's development build)
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code}):\n${output}`))));
  });
  return { built: true, ms: Date.now() - started };
}
