import * as path from 'node:path';
import { cliToken, missingCliTokenMessage, readRuntime } from '@megabot/platform';
import { runAuditCli } from './audit-cli';

/** `npm run audit -- …`: talks to the running API with an auditor's personal access token (roles are enforced there, not here). */
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
  if (argv.includes('--as')) {
    process.stderr.write('audit: --as is gone - the API no longer takes an employee id on trust; pass --token <personal access token>\n');
    process.exitCode = 64;
    return;
  }
  const token = cliToken({ flag: take('--token'), env: process.env.MEGABOT_TOKEN, dataDir, role: 'auditor' });
  const help = ['', 'help', '--help'].includes(argv[0] ?? '');
  if (!token && !help) {
    process.stderr.write(`audit: ${missingCliTokenMessage(dataDir, 'auditor')}\n`);
    process.exitCode = 1;
    return;
  }
  process.exitCode = await runAuditCli(argv, {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    token: token?.token ?? '',
    tokenSource: token?.source,
    out: process.stdout,
    err: process.stderr,
    progress: process.stderr.isTTY ? 'bar' : 'lines',
  });
}

void main();
