import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestSystem, type TestSystem } from '../testing/test-system';
import { DEMO_ADMIN_IDS, DEMO_EMAIL_DOMAIN, DEMO_EMPLOYEES } from './demo-data';
import { seedDemoEmployees } from './seed';

describe('npm start: demo employees through the identity API', () => {
  let system: TestSystem;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-seed-'));
    // as tools/start/main.ts configures the API: the bootstrap admin and the demo domain
    system = await startTestSystem({ adminEmployeeIds: DEMO_ADMIN_IDS, identity: { allowedEmailDomains: [DEMO_EMAIL_DOMAIN], dataDir } });
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('hires every demo employee with their roles, unbound; a restart changes nothing', async () => {
    expect(await seedDemoEmployees(system.apiUrl)).toEqual({ hired: DEMO_EMPLOYEES.length, problems: [] });
    const list = await (await fetch(`${system.apiUrl}/identity/employees`, { headers: { 'x-employee-id': 'e-anna' } })).json();
    expect(list.total).toBe(DEMO_EMPLOYEES.length);
    const chloe = list.items.find((e: { employeeId: string }) => e.employeeId === 'e-chloe');
    expect(chloe).toMatchObject({ roles: ['employee', 'auditor'], managerId: 'e-anna', telegramUserId: null, status: 'active' });
    expect(await seedDemoEmployees(system.apiUrl)).toEqual({ hired: 0, problems: [] });
    expect((await system.store.readStream('employee-e-chloe')).map((e) => e.type)).toEqual(['EmployeeHired']);
  });
});
