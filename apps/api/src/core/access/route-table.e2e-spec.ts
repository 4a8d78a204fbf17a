import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';
import { declaredRoutes, type DeclaredRoute } from './routes';
import type { AccessPolicy } from './policy';
import { Sessions } from './sessions';

/**
 * Every route of the running API, tried with every kind of caller: what its declared policy does not admit is refused
 * by the guard (401 without a valid credential, 403 with one that is not enough), and what it admits gets past the
 * guard. The table comes from the application itself, so a new route is tried the moment it exists - and one without
 * a policy stops the application from starting (assertEveryRouteHasPolicy).
 */

/** Problems only the guard (or the display authenticator it calls) answers with: a route's own checks use others. */
const GUARD_CODES = new Set([
  'auth.required',
  'auth.invalid_credentials',
  'auth.invalid_token',
  'auth.session_expired',
  'auth.csrf',
  'auth.bot_only',
  'auth.principal_not_allowed',
  'auth.employee_required',
  'auth.role_required',
  'auth.admin_required',
  'auth.no_policy',
  'displays.token_missing',
  'displays.unknown_token',
  'displays.too_many_failures',
]);

type Caller = 'nobody' | 'forged' | 'bot' | 'stranger' | 'employee' | 'auditor' | 'admin' | 'session' | 'sessionNoCsrf' | 'token' | 'display' | 'dismissed';

/** Whether a policy admits a caller (written from the policy's meaning, not from the guard's code). */
function admits(policies: AccessPolicy[], caller: Caller, unsafe: boolean): boolean {
  return policies.some((p) => {
    switch (p.kind) {
      case 'public':
        return true;
      case 'display':
        return caller === 'display';
      case 'bot':
        return ['bot', 'stranger', 'employee', 'auditor', 'admin', 'dismissed'].includes(caller);
      case 'telegram':
        return ['stranger', 'employee', 'auditor', 'admin', 'dismissed'].includes(caller);
      case 'employee': {
        const via = p.via ?? ['bot', 'session', 'token'];
        const principal = ['employee', 'auditor', 'admin'].includes(caller) ? 'bot' : caller === 'session' || caller === 'sessionNoCsrf' ? 'session' : caller;
        if (!via.includes(principal as never)) return false;
        if (caller === 'sessionNoCsrf' && unsafe) return false;
        if (!['employee', 'auditor', 'admin', 'session', 'sessionNoCsrf', 'token'].includes(caller)) return false;
        const roles = caller === 'admin' ? ['employee', 'admin'] : caller === 'auditor' ? ['employee', 'auditor'] : ['employee'];
        return !p.roles || p.roles.some((r) => roles.includes(r));
      }
    }
  });
}

describe('every route refuses whom its policy does not admit (route table)', () => {
  let system: TestSystem;
  let routes: DeclaredRoute[];
  const headers: Record<Caller, Record<string, string>> = {} as never;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['rt-admin'], auditorEmployeeIds: ['rt-auditor'] });
    routes = declaredRoutes(system.api);
    await system.employees('rt-employee', 'rt-admin', 'rt-auditor', 'rt-gone', 'rt-target');
    // rt-gone is dismissed: their Telegram account, session and token act for nobody any more
    await fetch(`${system.apiUrl}/identity/employees/rt-gone/dismiss`, {
      method: 'POST',
      headers: { ...system.as('rt-admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'route table' }),
    }).then((r) => expect(r.status).toBe(201));
    // a real door display, for the display route
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${system.apiUrl}${path}`, {
        method: 'POST',
        headers: { ...system.as('rt-admin'), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(201);
      return r.json();
    };
    await post('/rooms/offices', { officeId: 'rt-office', name: 'RT', timeZone: 'Europe/Moscow' });
    await post('/rooms/offices/rt-office/rooms', { roomId: 'rt-room', name: 'RT room', floor: 1, capacity: 4 });
    const display = await post('/displays', { roomId: 'rt-room', label: 'RT door' });
    Object.assign(headers, {
      nobody: {},
      forged: { 'x-employee-id': 'rt-admin' },
      bot: system.bot(),
      stranger: system.bot(4_100_000_001),
      employee: system.as('rt-employee'),
      auditor: system.as('rt-auditor'),
      admin: system.as('rt-admin'),
      // filled per request: one route signs its session out
      session: {},
      sessionNoCsrf: {},
      token: await system.token('rt-employee'),
      display: { authorization: `Bearer ${display.token}` },
      // the bot, for the Telegram account of a dismissed employee: a stranger now
      dismissed: system.bot(system.telegramIdOf('rt-gone')),
    } satisfies Record<Caller, Record<string, string>>);
  });
  afterAll(async () => {
    await system?.close();
  });

  /** A concrete path for a declared one: the acting employee's own id where an employee id is read, another's where one is changed (an admin dismissing the caller would end the test). */
  const pathOf = (route: DeclaredRoute) =>
    route.path
      .replace(':employeeId', route.method === 'GET' ? 'rt-employee' : 'rt-target')
      .replace(':telegramUserId', String(system.telegramIdOf('rt-employee')))
      .replace(':challengeId', '00000000-0000-4000-8000-000000000000')
      .replace(/:[A-Za-z]+/g, 'x1');

  it('the table has every route, each with a policy', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => !r.policies?.length)).toEqual([]);
  });

  it('auditors read where each projection stands in the log (their lists follow it), employees do not', async () => {
    const read = (caller: Caller) => fetch(`${system.apiUrl}/projections/positions`, { headers: headers[caller] });
    const auditor = await read('auditor');
    expect(auditor.status).toBe(200);
    expect((await auditor.json()).positions).toEqual(expect.objectContaining({ auction: expect.stringMatching(/^\d+/) }));
    expect((await read('employee')).status).toBe(403);
  });

  it('no credential and a forged X-Employee-Id are refused wherever the route is not public; every other caller gets what its policy says', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const unsafe = route.method !== 'GET';
      for (const caller of Object.keys(headers) as Caller[]) {
        let credential = headers[caller];
        if (caller === 'session' || caller === 'sessionNoCsrf') {
          const session = await system.api.get(Sessions).open('rt-employee', 'login');
          credential = { cookie: `mb_session=${session.cookie}`, ...(caller === 'session' && { 'x-csrf-token': session.csrf }) };
        }
        const res = await fetch(`${system.apiUrl}${pathOf(route)}`, {
          method: route.method,
          headers: { ...credential, ...(unsafe && { 'content-type': 'application/json' }) },
          body: unsafe ? '{}' : undefined,
        });
        const body = (await res.json().catch(() => ({}))) as { code?: string };
        const refusedByGuard = (res.status === 401 || res.status === 403 || res.status === 429) && GUARD_CODES.has(body.code ?? '');
        const should = admits(route.policies!, caller, unsafe);
        if (should === refusedByGuard)
          wrong.push(`${route.method} ${route.path} as ${caller}: ${res.status} ${body.code ?? ''} (policy ${JSON.stringify(route.policies)})`);
        if (!should && (caller === 'nobody' || caller === 'forged') && res.status !== 401)
          wrong.push(`${route.method} ${route.path} as ${caller}: ${res.status}, not 401`);
      }
    }
    expect(wrong).toEqual([]);
    // every route × every kind of caller (well over a thousand requests, growing with each feature): no speed is asserted
  }, 600_000);
});
