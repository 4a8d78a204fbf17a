import * as path from 'node:path';
import { readRuntime } from '@megabot/platform';
import { DEMO_AUDITOR_IDS } from '../start/demo-data';
import { runAuditCli } from './audit-cli';

/** `npm run audit -- …`: talks to the running API as an auditor (roles are enforced there, not here). */
async function main() {
  const argv = process.argv.slice(2);
  const take = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const [, value] = argv.splice(i, 2);
    return value;
  };
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const apiUrl = take('--api') ?? readRuntime(dataDir)?.apiUrl ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
  const actorId = take('--as') ?? process.env.AUDIT_EMPLOYEE_ID ?? DEMO_AUDITOR_IDS[0];
  process.exitCode = await runAuditCli(argv, {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    actorId,
    out: process.stdout,
    err: process.stderr,
    progress: process.stderr.isTTY ? 'bar' : 'lines',
  });
}

void main();
