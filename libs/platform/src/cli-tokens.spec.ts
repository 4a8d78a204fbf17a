import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliToken, cliTokenFile, missingCliTokenMessage, readCliToken, writeCliToken } from './cli-tokens';

describe('CLI access tokens', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-cli-token-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are written readable by their owner only, and read back', () => {
    const file = writeCliToken(dir, 'auditor', 'mbp_abc');
    expect(file).toBe(path.join(dir, 'cli-token-auditor'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCliToken(dir, 'auditor')).toBe('mbp_abc');
    expect(readCliToken(dir, 'admin')).toBeUndefined();
    fs.chmodSync(file, 0o644);
    writeCliToken(dir, 'auditor', 'mbp_new'); // a rewrite tightens a loosened file again
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('come from --token, else MEGABOT_TOKEN, else the file npm start wrote for the role', () => {
    writeCliToken(dir, 'admin', 'mbp_file');
    expect(cliToken({ flag: 'mbp_flag', env: 'mbp_env', dataDir: dir, role: 'admin' })).toEqual({ token: 'mbp_flag', source: '--token' });
    expect(cliToken({ env: ' mbp_env\n', dataDir: dir, role: 'admin' })).toEqual({ token: 'mbp_env', source: 'MEGABOT_TOKEN' });
    expect(cliToken({ env: '', dataDir: dir, role: 'admin' })).toEqual({ token: 'mbp_file', source: cliTokenFile(dir, 'admin') });
    expect(cliToken({ dataDir: dir, role: 'auditor' })).toBeUndefined();
    expect(missingCliTokenMessage(dir, 'auditor')).toMatch(/--token <token> or set MEGABOT_TOKEN .*POST \/auth\/tokens.*npm start.*cli-token-auditor/);
  });
});
