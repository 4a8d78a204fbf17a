import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';
import type { EmployeeImportStreamLine } from '@megabot/contracts';
import { parseCsv } from './csv';
import { httpImportTarget, runImport } from './import-employees';

const SAMPLE = fs.readFileSync(path.join(__dirname, 'sample-employees.csv'), 'utf8');

describe('CSV parsing', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks; skips blank lines; drops a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n\n"multi\nline",\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', ''] },
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
  });
});

describe('npm run identity:import (through the API)', () => {
  let system: TestSystem;
  let dataDir: string;
  /** The importing admin's personal access token (e-anna: the bootstrap admin, ADMIN_EMPLOYEE_IDS). */
  let admin: string;
  const bare = (headers: Record<string, string>) => headers.authorization.replace(/^Bearer /, '');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-import-'));
    system = await startTestSystem({ adminEmployeeIds: ['e-anna'], identity: { allowedEmailDomains: ['example.com'], dataDir } });
    admin = bare(await system.token('e-anna'));
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('hires the valid rows (managers first) and reports every rejected row with the reason', async () => {
    const progress: number[] = [];
    const report = await runImport(SAMPLE, httpImportTarget(system.apiUrl, admin), (done) => progress.push(done));
    expect(report.hired.sort()).toEqual(['e-anna', 'e-gleb', 'e-irina', 'e-kirill', 'e-lena']);
    expect(report.updated).toEqual([]);
    expect(report.rejected).toEqual([
      { line: 7, employeeId: 'e-bad-mail', reason: 'bad e-mail "not-an-email"' },
      { line: 8, employeeId: 'e-foreign', reason: 'unknown domain @gmail.com (allowed: @example.com)' },
      { line: 9, employeeId: 'e-gleb', reason: 'duplicate employeeId (first on line 3)' },
      { line: 10, employeeId: 'e-dup-mail', reason: 'duplicate e-mail irina.volkova@example.com (first on line 4)' },
      { line: 11, employeeId: 'e-no-office', reason: 'missing field(s): office' },
      { line: 12, employeeId: 'e-orphan', reason: 'unknown manager e-nobody' },
    ]);
    expect(progress[progress.length - 1]).toBe(6);
    const kirill = await (await fetch(`${system.apiUrl}/identity/employees/e-kirill`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(kirill).toMatchObject({
      fullName: 'Kirill "Kir" Smirnov',
      office: 'Saint Petersburg, office 2',
      managerId: 'e-anna',
      clearance: 'public',
      projects: [],
    });
  });

  it('a re-import changes nothing; a changed row is updated (only what changed)', async () => {
    // Counted per stream: readStream is exact at once (the global log may hold back a tail for a moment).
    const eventCount = async () =>
      (await Promise.all(['e-anna', 'e-gleb', 'e-irina', 'e-kirill', 'e-lena'].map((id) => system.store.readStream(`employee-${id}`)))).flat().length;
    const before = await eventCount();
    const again = await runImport(SAMPLE, httpImportTarget(system.apiUrl, admin));
    expect(again.hired).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['e-anna', 'e-gleb', 'e-irina', 'e-kirill', 'e-lena']);
    expect(await eventCount()).toBe(before);

    const changed = SAMPLE.replace(
      'e-irina,Irina Volkova,irina.volkova@example.com,Engineering,QA engineer',
      'e-irina,Irina Volkova,irina.volkova@example.com,Engineering,QA lead',
    );
    const third = await runImport(changed, httpImportTarget(system.apiUrl, admin));
    expect(third.updated).toEqual(['e-irina']);
    const events = await system.store.readStream('employee-e-irina');
    expect(events.map((e) => e.type)).toEqual(['EmployeeHired', 'EmployeeUpdated']);
    expect((events[1].data as { changes: unknown }).changes).toEqual({ position: 'QA lead' });
  });

  it("the API's import route (the admin site's): progress streamed, then the same report; a re-import by the CLI changes nothing", async () => {
    const csv = [
      'employeeId,fullName,email,department,position,office,managerId,roles',
      'e-mila,Mila Sokolova,mila.sokolova@example.com,Sales,Account manager,Berlin,e-anna,employee',
      `e-long,${'L'.repeat(201)},long.name@example.com,Sales,Intern,Berlin,,employee`,
      'e-oleg,Oleg Popov,oleg.popov@example.com,Sales,Intern,Berlin,e-mila,employee',
      'e-bad,Bad Role,bad.role@example.com,Sales,Intern,Berlin,,boss',
    ].join('\n');
    const res = await fetch(`${system.apiUrl}/identity/employees/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
      body: JSON.stringify({ csv }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EmployeeImportStreamLine);
    expect(lines.filter((l) => l.type === 'progress')).toEqual([0, 1, 2, 3].map((done) => ({ type: 'progress', done, total: 3 })));
    const last = lines[lines.length - 1];
    expect(last.type).toBe('report');
    const report = (last as Extract<EmployeeImportStreamLine, { type: 'report' }>).report;
    expect(report.hired).toEqual(['e-mila', 'e-oleg']);
    expect(report.rejected).toEqual([
      { line: 3, employeeId: 'e-long', reason: '400 fullName: fullName must be shorter than or equal to 200 characters' },
      { line: 5, employeeId: 'e-bad', reason: 'unknown role(s) boss (allowed: employee, admin, auditor)' },
    ]);
    // every hire is the admin's own command, with the CLI's idempotency key: the CLI finds nothing left to do
    const [hired] = await system.store.readStream('employee-e-mila');
    expect(hired.metadata).toMatchObject({ actorId: 'e-anna' });
    const again = await runImport(csv, httpImportTarget(system.apiUrl, admin));
    expect(again).toMatchObject({ hired: [], updated: [], unchanged: ['e-mila', 'e-oleg'] });
    // without the stream type: the report as one JSON answer; an empty file: the field named
    const plain = await fetch(`${system.apiUrl}/identity/employees/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csv }),
    });
    expect(await plain.json()).toMatchObject({ hired: [], unchanged: ['e-mila', 'e-oleg'] });
    const empty = await fetch(`${system.apiUrl}/identity/employees/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csv: '' }),
    });
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors).toEqual([{ field: 'csv', messages: ['csv must not be empty'] }]);
  });

  it('refuses a file with a wrong header, a non-admin importer and a token the API does not know', async () => {
    const bad = await runImport('id,name\n1,x\n', httpImportTarget(system.apiUrl, admin));
    expect(bad.rejected[0].reason).toMatch(/missing column\(s\) employeeId, fullName, email, department, position, office; unknown column\(s\) id, name/);
    // e-gleb, hired by the import, is an employee: his token opens no admin route
    const gleb = bare(await system.token('e-gleb'));
    await expect(runImport(SAMPLE, httpImportTarget(system.apiUrl, gleb, 'the access token from --token'))).rejects.toThrow(
      /the access token from --token acts for an employee who may not import \(admins only\): 403/,
    );
    await expect(runImport(SAMPLE, httpImportTarget(system.apiUrl, `mbp_${'x'.repeat(12)}_${'y'.repeat(43)}`))).rejects.toThrow(
      /the API refused the access token: 401 The access token is unknown, revoked or expired/,
    );
  });
});
