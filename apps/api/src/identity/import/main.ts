import * as fs from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '@megabot/config';
import { cliToken, missingCliTokenMessage, readRuntime } from '@megabot/platform';
import { httpImportTarget, runImport, type ImportReport } from './import-employees';

/**
 * `npm run identity:import -- employees.csv [--token <admin's access token>] [--api <url>]`
 *
 * Imports employees from a CSV through the API (the running `npm start`, or API_URL / --api) with an admin's personal
 * access token (--token, else MEGABOT_TOKEN, else the demo admin's that `npm start` keeps in DATA_DIR/cli-token-admin).
 * New employees are hired, changed ones updated, equal ones left alone: running it again changes nothing. Rejected
 * rows are listed with the reason; the exit code is 2 when some were rejected.
 */
async function main(argv: string[]) {
  const args = [...argv];
  const opt = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const usage = 'usage: npm run identity:import -- <file.csv> [--token <admin access token>] [--api <API url>]';
  if (args.includes('--as')) {
    console.error(`--as is gone: the API no longer takes an employee id on trust; pass an admin's personal access token (--token or MEGABOT_TOKEN)\n${usage}`);
    process.exit(64);
  }
  const tokenOpt = opt('--token');
  const apiOpt = opt('--api');
  const file = args[0];
  if (!file || args.length > 1) {
    console.error(usage);
    process.exit(64);
  }
  const config = loadConfig();
  const apiUrl = (apiOpt ?? process.env.API_URL ?? readRuntime(config.dataDir)?.apiUrl ?? '').replace(/\/+$/, '');
  if (!apiUrl) throw new Error('no API to import into: start the system (npm start), or pass --api <url> / API_URL');
  const token = cliToken({ flag: tokenOpt, env: process.env.MEGABOT_TOKEN, dataDir: config.dataDir, role: 'admin' });
  if (!token) throw new Error(missingCliTokenMessage(config.dataDir, 'admin'));
  const csv = fs.readFileSync(file, 'utf8');

  const bar = new SingleBar(
    { format: 'import [{bar}] {percentage}% | {value}/{total} employees', noTTYOutput: true, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  let started = false;
  const report = await runImport(csv, httpImportTarget(apiUrl, token.token, `the access token from ${token.source}`), (done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  });
  if (started) bar.stop();
  print(report);
  process.exit(report.rejected.length ? 2 : 0);
}

function print(r: ImportReport) {
  console.log(`hired ${r.hired.length}, updated ${r.updated.length}, unchanged ${r.unchanged.length}, rejected ${r.rejected.length}`);
  if (r.updated.length) console.log(`updated: ${r.updated.join(', ')}`);
  if (r.rejected.length) {
    console.log('rejected rows:');
    for (const x of r.rejected) console.log(`  line ${x.line}${x.employeeId ? ` (${x.employeeId})` : ''}: ${x.reason}`);
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `identity:import failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
