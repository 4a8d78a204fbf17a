import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The personal access tokens `npm start` issues for the CLIs, kept in the data folder (mode 0600) so that
 * `npm run audit` and `npm run identity:import` work on a fresh clone with no extra step: the demo auditor's for the
 * audit CLI, the demo admin's for the import. Anywhere else a CLI takes `--token` or MEGABOT_TOKEN (an admin issues
 * tokens with POST /auth/tokens).
 */
export type CliTokenRole = 'admin' | 'auditor';

export const cliTokenFile = (dataDir: string, role: CliTokenRole) => path.join(dataDir, `cli-token-${role}`);

export function writeCliToken(dataDir: string, role: CliTokenRole, token: string): string {
  const file = cliTokenFile(dataDir, role);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its mode on write
  return file;
}

export function readCliToken(dataDir: string, role: CliTokenRole): string | undefined {
  try {
    return fs.readFileSync(cliTokenFile(dataDir, role), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface CliToken {
  token: string;
  /** Where it came from, for messages: `--token`, `MEGABOT_TOKEN` or the file. */
  source: string;
}

/** The token a CLI authenticates with: `--token`, else MEGABOT_TOKEN, else the one `npm start` wrote for the role. */
export function cliToken(options: { flag?: string; env?: string; dataDir: string; role: CliTokenRole }): CliToken | undefined {
  if (options.flag?.trim()) return { token: options.flag.trim(), source: '--token' };
  if (options.env?.trim()) return { token: options.env.trim(), source: 'MEGABOT_TOKEN' };
  const token = readCliToken(options.dataDir, options.role);
  return token ? { token, source: cliTokenFile(options.dataDir, options.role) } : undefined;
}

/** What to do without a token (the same advice from every CLI). */
export function missingCliTokenMessage(dataDir: string, role: CliTokenRole): string {
  return (
    `no access token: pass --token <token> or set MEGABOT_TOKEN (an admin issues one: POST /auth/tokens, shown once), ` +
    `or run \`npm start\`, which writes one for the demo ${role} to ${cliTokenFile(dataDir, role)}`
  );
}
