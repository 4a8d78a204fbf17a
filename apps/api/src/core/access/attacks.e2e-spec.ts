import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOutbox } from '../../identity/mail/mailer';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

/**
 * The attacks the trust boundary closes, each tried as an attacker would, with the answer it now gets. The route table
 * (route-table.e2e-spec.ts) covers "who may call what" for every route; these are the ones that needed more than a
 * policy: ownership, leases, limits per address, dismissed employees' credentials.
 */
describe('attacks on the API, tried and refused', () => {
  let system: TestSystem;
  let dataDir: string;
  let mallory: Record<string, string>;
  const call = async (method: string, p: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${system.apiUrl}${p}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-attacks-'));
    system = await startTestSystem(
      { adminEmployeeIds: ['at-admin'], identity: { allowedEmailDomains: ['example.com'], dataDir, codesPerEmailPerHour: 3, resendsPerHour: 20 } },
      { processManagers: true },
    );
    await system.employees('at-admin', 'at-anna', 'at-mallory', 'at-gone');
    // Mallory is an employee who calls the API herself, with her own personal access token (only the bot holds the bot's credential)
    mallory = await system.token('at-mallory');
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('anyone but the bot pre-claiming Telegram update ids: 401 without the credential, 403 for an employee', async () => {
    expect((await call('POST', '/bot/updates/900001/claim', {}, {})).status).toBe(401);
    expect((await call('POST', '/bot/updates/900001/claim', { 'x-employee-id': 'at-admin' }, {})).status).toBe(401);
    expect((await call('POST', '/bot/updates/900001/claim', mallory, {})).body.code).toBe('auth.bot_only');
    // the real claim is still the first one
    expect((await call('POST', '/bot/updates/900001/claim', system.bot(), {})).body).toMatchObject({ first: true });
  });

  it("reading or settling someone else's notifications: only the bot claims the outbox", async () => {
    expect((await call('POST', '/notifications/claim', mallory, {})).body.code).toBe('auth.bot_only');
    expect((await call('POST', '/notifications/00000000-0000-4000-8000-000000000001/delivered', mallory, {})).body.code).toBe('auth.bot_only');
  });

  it("reading or overwriting someone's conversation: the bot's state, the bot's alone", async () => {
    expect((await call('GET', '/bot/conversations/user/1:1', mallory)).body.code).toBe('auth.bot_only');
    expect((await call('PUT', '/bot/conversations/user/1:1', {}, { flow: 'x', step: 'y', data: {}, ttlSeconds: 60, expectedVersion: 0 })).status).toBe(401);
  });

  it("changing another Telegram account's language: the bot may only for the account it acts for", async () => {
    const anna = system.telegramIdOf('at-anna');
    const mallory = system.bot(system.telegramIdOf('at-mallory'));
    expect((await call('PUT', `/bot/users/${anna}/settings`, mallory, { language: 'en' })).body.code).toBe('auth.not_your_settings');
  });

  it('an employee on admin and auditor routes: 403', async () => {
    expect(
      (await call('POST', '/identity/employees', mallory, { fullName: 'X', email: 'x@example.com', department: 'D', position: 'P', office: 'O' })).body.code,
    ).toBe('auth.admin_required');
    expect((await call('GET', '/identity/telegram-bindings', mallory)).status).toBe(403);
    expect((await call('GET', '/identity/employees', mallory)).status).toBe(403);
    expect((await call('GET', '/audit/auctions/export', mallory)).status).toBe(403);
    expect((await call('GET', '/identity/employees/at-anna', mallory)).status).toBe(403);
  });

  it('an offboarding report without the lease: 409, and the task stays open', async () => {
    // a chat the bot administers, then a dismissal: the projector's offboarding manager creates the removal task
    const chat = await call('POST', '/identity/chats/bot-membership', system.bot(), {
      chatId: -1009001,
      title: 'Team',
      chatType: 'supergroup',
      status: 'administrator',
      canRestrictMembers: true,
    });
    expect(chat.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    expect((await call('POST', '/identity/employees/at-gone/dismiss', system.as('at-admin'), { reason: 'left' })).status).toBe(201);
    let tasks: { taskId: string; leaseToken: string; employeeId: string }[] = [];
    for (let i = 0; i < 100 && !tasks.length; i++) {
      tasks = (await call('GET', '/identity/offboarding/tasks', system.bot())).body as never;
      if (!tasks.length) await new Promise((r) => setTimeout(r, 100));
    }
    const task = tasks.find((t) => t.employeeId === 'at-gone')!;
    expect(task).toBeDefined();
    const forged = await call('POST', `/identity/offboarding/tasks/${task.taskId}/report`, system.bot(), { leaseToken: 'x'.repeat(32), outcome: 'done' });
    expect(forged).toMatchObject({ status: 409, body: { code: 'identity.offboarding_lease_lost' } });
    expect(
      (await call('GET', '/identity/offboarding/report', system.as('at-admin'))).body.items.some((i: { taskId: string }) => i.taskId === task.taskId),
    ).toBe(true);
    const held = await call('POST', `/identity/offboarding/tasks/${task.taskId}/report`, system.bot(), { leaseToken: task.leaseToken, outcome: 'done' });
    expect(held).toMatchObject({ status: 200, body: { status: 'done' } });
  });

  it("a dismissed employee's Telegram account, token and session open nothing", async () => {
    await system.employees('at-leaver');
    const token = await system.token('at-leaver');
    const session = await fetch(`${system.apiUrl}/auth/tokens`, { headers: token });
    expect(session.status).toBe(200);
    expect((await call('POST', '/identity/employees/at-leaver/dismiss', system.as('at-admin'), { reason: 'left' })).status).toBe(201);
    expect((await call('GET', '/auctions', system.as('at-leaver'))).body.code).toBe('auth.employee_required');
    expect((await call('GET', '/auctions', token)).body.code).toBe('auth.employee_required');
    expect(
      (
        await call('POST', '/auctions', system.as('at-leaver'), {
          lotId: 'gone-lot',
          kind: 'own_lot',
          title: 'x',
          startingPrice: 100,
          closesAt: new Date(Date.now() + 3600_000).toISOString(),
        })
      ).status,
    ).toBe(403);
  });

  it('an unknown employee (never hired) cannot bid, open lots or book', async () => {
    const ghost = system.bot(4_200_000_001); // a Telegram account nobody verified
    expect((await call('POST', '/auctions/any/bids', ghost, { amount: 100 })).body.code).toBe('auth.employee_required');
    expect((await call('POST', '/rooms/any/book-now', ghost, { minutes: 15 })).body.code).toBe('auth.employee_required');
  });

  it('mail bombing an address by rotating Telegram accounts stops at the per-address limit; the answer tells nothing about the address', async () => {
    const target = 'at-anna@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/identity/verification/code', system.bot(4_300_000_000 + i), { email: target })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    // an unknown address is limited the same way (no difference to learn from)
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++)
      unknown.push((await call('POST', '/identity/verification/code', system.bot(4_400_000_000 + i), { email: 'nobody.at.all@example.com' })).status);
    expect(unknown).toEqual([200, 200, 200, 429]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await readOutbox(path.join(dataDir, 'outbox'))).filter((m) => m.to === target).length).toBeLessThanOrEqual(3);
  });

  it("another account's decoy or wrong codes never lock or void the real account's code", async () => {
    const real = system.bot(4_500_000_001);
    const attacker = system.bot(4_500_000_002);
    const started = Date.now();
    expect((await call('POST', '/identity/verification/code', real, { email: 'at-mallory@example.com' })).status).toBe(200);
    const mail = await waitFor(async () =>
      (await readOutbox(path.join(dataDir, 'outbox'))).find((m) => m.to === 'at-mallory@example.com' && Date.parse(m.sentAt) >= started),
    );
    expect(mail.subject).not.toMatch(/\d{4,}/); // the code is never in the subject
    const code = /(\d{3}) (\d{3})/.exec(mail.text)!.slice(1).join('');
    // the attacker asks for codes for the same address, and hammers wrong codes - on their own account only
    await call('POST', '/identity/verification/code', attacker, { email: 'at-mallory@example.com' });
    for (let i = 0; i < 8; i++) await call('POST', '/identity/verification/submit', attacker, { code: '000000' });
    expect((await call('GET', '/identity/verification', attacker)).body.step).toBe('locked');
    // the real account is neither locked nor voided: its code still verifies
    expect((await call('POST', '/identity/verification/submit', real, { code })).body).toMatchObject({ outcome: 'verified' });
    // and no code is at rest in plaintext
    const rows: { sealed_code: string }[] = await system.ds.query(`SELECT sealed_code FROM identity_ops.pending_codes`);
    for (const r of rows) expect(r.sealed_code).not.toMatch(/^\d{4,12}$/);
  });

  it('the mail outbox page exists in local development only', async () => {
    const prod = await startTestSystem({ auth: { devMode: false } });
    try {
      expect((await fetch(`${prod.apiUrl}/dev/outbox`)).status).toBe(404);
    } finally {
      await prod.close();
    }
    expect((await fetch(`${system.apiUrl}/dev/outbox`)).status).toBe(200);
  });
});

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
