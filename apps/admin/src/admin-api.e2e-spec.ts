import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { createAdminApp } from './admin.module';

/**
 * The admin back end over HTTP, as the single-page app uses it (no browser): it calls the API with the signed-in
 * employee's own session and CSRF token and nothing else, admits admins and auditors only (auditors to the audit
 * views), and speaks ra-data-simple-rest's dialect for lists.
 */
describe('admin back end: the API as the signed-in employee, react-admin lists', () => {
  let system: TestSystem;
  let admin: INestApplication;
  let url: string;
  let webRoot: string;

  beforeAll(async () => {
    system = await startTestSystem({ dbPoolSize: 3 });
    await system.employees({ id: 'b-admin', roles: ['employee', 'admin'] }, { id: 'b-auditor', roles: ['employee', 'auditor'] }, 'b-staff');
    // the page itself is not under test here: a stand-in index.html
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>admin</title>');
    admin = await createAdminApp({ apiUrl: system.apiUrl, webRoot });
    await admin.listen(0, '127.0.0.1');
    url = await admin.getUrl();
  });
  afterAll(async () => {
    await admin?.close();
    await system?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  /** Signs in through the admin back end; the employee answers in the bot (the bot acting for their account). */
  async function signIn(employeeId: string) {
    const started = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ employeeId }),
    });
    expect(started.status).toBe(201);
    const login = started.headers.getSetCookie().map((c) => c.split(';')[0]);
    const { challengeId } = (await started.json()) as { challengeId: string };
    const answer = await fetch(`${system.apiUrl}/auth/login/${challengeId}/decision`, {
      method: 'POST',
      headers: { ...system.as(employeeId), 'content-type': 'application/json' },
      body: '{"approve":true}',
    });
    expect(answer.status).toBe(200);
    const done = await fetch(`${url}/api/auth/login/${challengeId}/session`, { method: 'POST', headers: { cookie: login.join('; ') } });
    const cookies = done.headers.getSetCookie();
    const cookie = cookies
      .map((c) => c.split(';')[0])
      .filter((c) => /^mb_(session|csrf)=./.test(c))
      .join('; ');
    return { status: done.status, body: (await done.json()) as Record<string, any>, cookie, cookies };
  }

  it('an admin signs in through it; lists come with Content-Range and X-Total-Count, paged and sorted by the API', async () => {
    const s = await signIn('b-admin');
    expect(s.status).toBe(200);
    expect(s.cookies.find((c) => c.startsWith('mb_session='))).toMatch(/HttpOnly/);
    for (const [i, name] of ['Zoe', 'Yan', 'Xenia'].entries()) {
      const hired = await fetch(`${url}/ra/employees`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({
          employeeId: `b-new-${i}`,
          fullName: `${name} Testova`,
          email: `${name.toLowerCase()}@example.com`,
          department: 'QA',
          position: 'Tester',
          office: 'HQ',
        }),
      });
      expect(hired.status).toBe(201);
      expect(await hired.json()).toMatchObject({ id: `b-new-${i}` });
    }
    const list = await until(async () => {
      const res = await fetch(`${url}/ra/employees?${new URLSearchParams({ sort: '["fullName","DESC"]', range: '[0,1]', filter: '{"q":"testova"}' })}`, {
        headers: { cookie: s.cookie },
      });
      return res.headers.get('x-total-count') === '3' && res;
    });
    expect(list.headers.get('content-range')).toBe('employees 0-1/3');
    expect(((await list.json()) as { id: string; fullName: string }[]).map((e) => [e.id, e.fullName])).toEqual([
      ['b-new-0', 'Zoe Testova'],
      ['b-new-1', 'Yan Testova'],
    ]);
  });

  it("a command without the session's CSRF token is refused by the API; the site adds no credential of its own", async () => {
    const s = await signIn('b-admin');
    const body = JSON.stringify({ fullName: 'Changed' });
    const noCsrf = await fetch(`${url}/api/identity/employees/b-staff`, {
      method: 'PATCH',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body,
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { code: string }).code).toBe('auth.csrf');
    // without a session nothing passes, whatever header names someone
    const anonymous = await fetch(`${url}/api/auctions`, { headers: { authorization: `Bearer ${system.botToken}`, 'x-employee-id': 'b-admin' } });
    expect(anonymous.status).toBe(401);
    // a wrong field: the API's message, by field, for the form
    const invalid = await fetch(`${url}/ra/employees/b-staff`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-address' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: { email: 'email must be an e-mail address' } });
  });

  it('sign-out ends the session at the API too', async () => {
    const s = await signIn('b-admin');
    expect((await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrf } })).status).toBe(204);
    expect((await fetch(`${url}/ra/lots`, { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await fetch(`${system.apiUrl}/auth/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('an employee without the admin or auditor role is signed out at once; an auditor reads the audit views only', async () => {
    const staff = await signIn('b-staff');
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('admin.not_admin');
    expect(staff.cookies.find((c) => c.startsWith('mb_session='))).toMatch(/Max-Age=0/);
    const auditor = await signIn('b-auditor');
    expect(auditor.status).toBe(200);
    expect((await fetch(`${url}/api/audit/auctions`, { headers: { cookie: auditor.cookie } })).status).toBe(200);
    const lots = await fetch(`${url}/ra/audit-lots?range=[0,9]`, { headers: { cookie: auditor.cookie } });
    expect(lots.status).toBe(200);
    expect(lots.headers.get('content-range')).toMatch(/^audit-lots \d+-\d+\/\d+$/);
    // where the log stands, which their lots list follows
    expect((await fetch(`${url}/api/projections/positions`, { headers: { cookie: auditor.cookie } })).status).toBe(200);
    for (const p of ['/ra/employees', '/api/identity/employees', '/api/auctions']) {
      const res = await fetch(`${url}${p}`, { headers: { cookie: auditor.cookie } });
      expect([p, res.status]).toEqual([p, 403]);
    }
  });

  it('offices, rooms, door displays and feature switches: created, listed whole and paged here, edited', async () => {
    const s = await signIn('b-admin');
    const send = (method: string, p: string, body: unknown) =>
      fetch(`${url}${p}`, {
        method,
        headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const list = (p: string) => fetch(`${url}${p}`, { headers: { cookie: s.cookie } });
    expect((await send('POST', '/ra/offices', { officeId: 'spb', name: 'Saint Petersburg', timeZone: 'Europe/Moscow' })).status).toBe(201);
    for (const [roomId, name] of [
      ['neva', 'Neva'],
      ['fontanka', 'Fontanka'],
    ])
      expect((await send('POST', '/ra/rooms', { officeId: 'spb', roomId, name, floor: 2, capacity: 6 })).status).toBe(201);
    // every office's rooms, sorted and paged here
    const rooms = await until(async () => {
      const res = await list(`/ra/rooms?${new URLSearchParams({ sort: '["name","ASC"]', range: '[0,0]', filter: '{}' })}`);
      return res.headers.get('x-total-count') === '2' && res;
    });
    expect(rooms.headers.get('content-range')).toBe('rooms 0-0/2');
    expect(((await rooms.json()) as { id: string }[]).map((r) => r.id)).toEqual(['fontanka']);
    // a room edited: only what changed goes to the API
    expect((await send('PUT', '/ra/rooms/neva', { capacity: 8 })).status).toBe(200);
    await until(async () => ((await (await list('/ra/rooms/neva')).json()) as { capacity: number }).capacity === 8);
    // a display registered: its token comes back once
    const display = await send('POST', '/ra/displays', { roomId: 'neva', displayId: 'neva-door', label: 'left of the door' });
    expect(display.status).toBe(201);
    expect(await display.json()).toMatchObject({ id: 'neva-door', token: expect.stringMatching(/^rd_/) });
    const displays = await until(async () => {
      const res = await list(`/ra/displays?${new URLSearchParams({ filter: '{"q":"neva"}', range: '[0,9]' })}`);
      return res.headers.get('x-total-count') === '1' && res;
    });
    expect(await displays.json()).toEqual([expect.objectContaining({ id: 'neva-door', roomName: 'Neva', status: 'active', stale: expect.any(Boolean) })]);
    // a feature switch turned on for everyone
    expect((await send('PUT', '/ra/switches/auction.open_lot', { all: true, description: 'The new-lot wizard' })).status).toBe(200);
    expect(await (await list('/ra/switches/auction.open_lot')).json()).toMatchObject({ id: 'auction.open_lot', all: true, updatedBy: 'b-admin' });
  });

  async function until<T>(fn: () => Promise<T | false>): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const v = await fn();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('timed out');
  }
});
