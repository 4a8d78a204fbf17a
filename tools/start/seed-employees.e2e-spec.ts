import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PersonalTokens } from '../../apps/api/src/core/access/personal-tokens';
import { startTestSystem, type TestSystem } from '../testing/test-system';
import { StartCredentials } from './credentials';
import { DEMO_ADMIN_IDS, DEMO_AUDITOR_IDS, DEMO_EMAIL_DOMAIN, DEMO_EMPLOYEES } from './demo-data';
import { seedDemoEmployees } from './seed';

describe('npm start: demo employees through the identity API', () => {
  let system: TestSystem;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-seed-'));
    // as tools/start/main.ts configures the API: the bootstrap admin and auditor, and the demo domain
    system = await startTestSystem({
      adminEmployeeIds: DEMO_ADMIN_IDS,
      auditorEmployeeIds: DEMO_AUDITOR_IDS,
      identity: { allowedEmailDomains: [DEMO_EMAIL_DOMAIN], dataDir },
    });
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('hires every demo employee with their roles, unbound, with seeding tokens revoked afterwards; a restart changes nothing', async () => {
    const credentials = new StartCredentials(system.api.get(PersonalTokens));
    const seeding = credentials.seeder();
    expect(await seedDemoEmployees(system.apiUrl, seeding.as, () => undefined)).toEqual({ hired: DEMO_EMPLOYEES.length, problems: [] });
    const list = await (await fetch(`${system.apiUrl}/identity/employees`, { headers: await seeding.as('e-anna') })).json();
    expect(list.total).toBe(DEMO_EMPLOYEES.length);
    const chloe = list.items.find((e: { employeeId: string }) => e.employeeId === 'e-chloe');
    expect(chloe).toMatchObject({ roles: ['employee', 'auditor'], managerId: 'e-anna', telegramUserId: null, status: 'active' });
    await seeding.done();
    const seedTokens = await system.ds.query(`SELECT employee_id, revoked_at, expires_at FROM auth.tokens WHERE name = 'npm start: demo seeding'`);
    expect(seedTokens.map((t: { employee_id: string }) => t.employee_id)).toEqual(['e-anna']); // only the admin acted
    expect(
      seedTokens.every((t: { revoked_at: Date | null; expires_at: Date }) => t.revoked_at && new Date(t.expires_at).getTime() < Date.now() + 11 * 60_000),
    ).toBe(true);
    const again = credentials.seeder();
    expect(await seedDemoEmployees(system.apiUrl, again.as)).toEqual({ hired: 0, problems: [] });
    await again.done();
    expect((await system.store.readStream('employee-e-chloe')).map((e) => e.type)).toEqual(['EmployeeHired']);
  });

  it("writes the CLIs' tokens (0600) and keeps them across restarts while they are live; a revoked one is replaced", async () => {
    const credentials = new StartCredentials(system.api.get(PersonalTokens));
    const auditor = await credentials.cliToken(dataDir, 'auditor', 'e-chloe');
    expect(auditor).toMatchObject({ file: path.join(dataDir, 'cli-token-auditor'), issued: true, token: expect.stringMatching(/^mbp_/) });
    expect(fs.readFileSync(auditor.file, 'utf8').trim()).toBe(auditor.token);
    expect(fs.statSync(auditor.file).mode & 0o777).toBe(0o600);
    // the token works: the demo auditor reads the audit API
    expect((await fetch(`${system.apiUrl}/audit/auctions`, { headers: { authorization: `Bearer ${auditor.token}` } })).status).toBe(200);
    expect(await credentials.cliToken(dataDir, 'auditor', 'e-chloe')).toEqual({ ...auditor, issued: false });
    // revoked (by its owner, through the API): the next start issues another
    const tokenId = /^mbp_([A-Za-z0-9]{12})_/.exec(auditor.token)![1];
    expect((await fetch(`${system.apiUrl}/auth/tokens/${tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${auditor.token}` } })).status).toBe(
      200,
    );
    const next = await credentials.cliToken(dataDir, 'auditor', 'e-chloe');
    expect(next.issued).toBe(true);
    expect(next.token).not.toBe(auditor.token);
    // a token of someone else in the file (another DATA_DIR's demo) is not taken for the admin's
    fs.writeFileSync(path.join(dataDir, 'cli-token-admin'), next.token);
    expect(await credentials.cliToken(dataDir, 'admin', 'e-anna')).toMatchObject({ issued: true });
  });
});
