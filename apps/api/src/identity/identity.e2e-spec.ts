import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { IdentityProjection } from '../../../projector/src/identity/identity.projection';
import { rebuildProjection } from '../../../projector/src/rebuild';
import { RolesService } from '../core/roles.service';
import { IdentityDirectory } from './identity.directory';
import { readOutbox } from './mail/mailer';

const until = async <T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 10_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('identity over HTTP: hire, verify by an e-mailed code, lookup, dismissal', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  let dataDir: string;
  /** The bootstrap admin (ADMIN_EMPLOYEE_IDS, never hired) acts with a personal access token; so does anna until she binds Telegram. */
  let root: Record<string, string>;
  let anna: Record<string, string>;
  /** The body of the submit that verified anna (its retry sends it again). */
  let verifiedSubmit: { code: string };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-identity-'));
    system = await startTestSystem(
      { adminEmployeeIds: ['e-root'], identity: { allowedEmailDomains: ['example.com'], dataDir, maxAttempts: 5, resendsPerHour: 3 } },
      { processManagers: true },
    );
    http = request(system.apiUrl);
    root = await system.token('e-root');
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const hire = (body: Record<string, unknown>, as = root) => http.post('/identity/employees').set(as).send(body);
  /** The bot, acting for a Telegram account (the verification takes the account from the bot's header, never from a body). */
  const bot = (telegramUserId: number) => system.bot(telegramUserId);
  const annaRecord = {
    employeeId: 'e-anna',
    fullName: 'Anna Ivanova',
    email: 'Anna.Ivanova@example.com',
    department: 'Engineering',
    position: 'Developer',
    office: 'HQ',
    projects: ['megabot'],
  };
  const codeFor = async (email: string, after: number) =>
    until(async () => (await readOutbox(path.join(dataDir, 'outbox'))).find((m) => m.to === email && Date.parse(m.sentAt) >= after), `a mail to ${email}`).then(
      (m) => /(\d{3}) (\d{3})/.exec(m.text)!.slice(1).join(''),
    );

  it('the bootstrap admin hires; a non-admin cannot; e-mails are unique and must be corporate', async () => {
    const r = await hire(annaRecord).expect(201);
    expect(r.body).toMatchObject({ employeeId: 'e-anna', duplicate: false });
    await hire({ ...annaRecord, employeeId: 'e-other' }).expect(409);
    expect((await hire({ ...annaRecord, employeeId: 'e-x', email: 'x@gmail.com' }).expect(422)).body.code).toBe('identity.email_domain_not_allowed');
    expect((await hire({ ...annaRecord, employeeId: 'e-y', email: 'y@example.com', managerId: 'e-nobody' }).expect(422)).body.code).toBe(
      'identity.unknown_manager',
    );
    anna = await system.token('e-anna');
    // hiring is for admins: refused at the door (the route's policy), before the domain is asked
    expect((await hire({ ...annaRecord, employeeId: 'e-z', email: 'z@example.com' }, anna).expect(403)).body.code).toBe('auth.admin_required');
    const list = await http.get('/identity/employees').set(root).expect(200);
    expect(list.body.items.map((e: { employeeId: string }) => e.employeeId)).toEqual(['e-anna']);
    expect(list.body.items[0]).toMatchObject({ email: 'anna.ivanova@example.com', roles: ['employee'], status: 'active', telegramUserId: null });
    await http.get('/identity/employees').set(anna).expect(403);
    const access = await http.get('/identity/employees/e-anna/access').set(anna).expect(200);
    expect(access.body).toEqual({
      employeeId: 'e-anna',
      active: true,
      roles: ['employee'],
      attributes: { department: 'Engineering', office: 'HQ', clearance: 'internal', clearanceRank: 1, projects: ['megabot'] },
    });
  });

  it('a stranger verifies with the e-mailed code and is then known by their Telegram id', async () => {
    const tg = 910001;
    await http.get(`/identity/telegram/${tg}`).set(system.bot()).expect(404);
    expect((await http.post('/identity/verification/start').set(bot(tg)).send({}).expect(200)).body.step).toBe('awaiting_email');
    const t0 = Date.now() - 1000;
    const asked = await http.post('/identity/verification/code').set(bot(tg)).send({ email: ' anna.ivanova@EXAMPLE.com ' }).expect(200);
    expect(asked.body).toMatchObject({ step: 'awaiting_code', email: 'anna.ivanova@example.com', codeLength: 6, attemptsLeft: 5, codesLeftThisHour: 3 });
    const code = await codeFor('anna.ivanova@example.com', t0);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await http.post('/identity/verification/submit').set(bot(tg)).send({ code: wrong }).expect(200)).body).toMatchObject({
      outcome: 'rejected',
      attemptsLeft: 4,
    });
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    verifiedSubmit = { code: spaced };
    const ok = await http.post('/identity/verification/submit').set(bot(tg)).set('idempotency-key', 'submit-910001').send(verifiedSubmit).expect(200);
    expect(ok.body).toMatchObject({ outcome: 'verified', employeeId: 'e-anna' });
    // the lookup finds the binding right away (the submit waited for the read model)
    expect((await http.get(`/identity/telegram/${tg}`).set(system.bot()).expect(200)).body).toEqual({
      telegramUserId: tg,
      employeeId: 'e-anna',
      fullName: 'Anna Ivanova',
      roles: ['employee'],
      language: null,
    });
    // single use: the same code again is refused
    expect((await http.post('/identity/verification/submit').set(bot(tg)).send({ code }).expect(409)).body.code).toBe('identity.no_active_code');
    const bound = await system.store.readStream('employee-e-anna');
    expect(bound.filter((e) => e.type === 'TelegramBound')).toHaveLength(1);
  });

  // The key is scoped by the Telegram account the bot acts for: the same before the code bound it and after, so a
  // retried submit whose answer was lost is the same command and answers `verified` again.
  it('a retried submit (same key) answers the same and binds once', async () => {
    const tg = 910001;
    const retried = await http.post('/identity/verification/submit').set(bot(tg)).set('idempotency-key', 'submit-910001').send(verifiedSubmit);
    expect(retried.status).toBe(200);
    expect(retried.body.outcome).toBe('verified');
    const bound = await system.store.readStream('employee-e-anna');
    expect(bound.filter((e) => e.type === 'TelegramBound')).toHaveLength(1);
  });

  it('an unknown e-mail gets exactly the same answers as a known one, and no e-mail is sent', async () => {
    const strip = (v: Record<string, unknown>) => ({ ...v, telegramUserId: 0, email: null, codeExpiresAt: null });
    const known = await http.post('/identity/verification/code').set(bot(920001)).send({ email: 'anna.ivanova@example.com' }).expect(200);
    const unknown = await http.post('/identity/verification/code').set(bot(920002)).send({ email: 'nobody.here@example.com' }).expect(200);
    expect(strip(unknown.body)).toEqual(strip(known.body));
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    const bad = await http.post('/identity/verification/submit').set(bot(920002)).send({ code: '123456' }).expect(200);
    const bad2 = await http.post('/identity/verification/submit').set(bot(920001)).send({ code: '123456' }).expect(200);
    expect(bad.body).toEqual({ outcome: 'rejected', attemptsLeft: 4, lockedUntil: null, employeeId: null });
    expect(bad2.body).toEqual(bad.body);
    const other = await http.post('/identity/verification/code').set(bot(920003)).send({ email: 'anna@gmail.com' }).expect(422);
    expect(other.body.code).toBe('identity.email_domain_not_allowed');
    await new Promise((r) => setTimeout(r, 700));
    expect((await readOutbox(path.join(dataDir, 'outbox'))).some((m) => m.to === 'nobody.here@example.com')).toBe(false);
  });

  it('brute force: guessing codes locks the verification after the limit and never succeeds', async () => {
    const tg = 930001;
    await http.post('/identity/verification/code').set(bot(tg)).send({ email: 'anna.ivanova@example.com' }).expect(200);
    const outcomes: string[] = [];
    let guess = 0;
    for (let i = 0; i < 30; i++) {
      const r = await http
        .post('/identity/verification/submit')
        .set(bot(tg))
        .send({ code: String(guess++).padStart(6, '0') });
      if (r.status === 200) outcomes.push(r.body.outcome);
      else {
        expect(r.status).toBe(409);
        expect(r.body.code).toMatch(/identity\.(verification_locked|no_active_code)/);
        outcomes.push(r.body.code);
      }
    }
    expect(outcomes.filter((o) => o === 'verified')).toEqual([]);
    expect(outcomes.slice(0, 5)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'locked']);
    expect(outcomes.slice(5).every((o) => o === 'identity.verification_locked')).toBe(true);
    const status = await http.get('/identity/verification').set(bot(tg)).expect(200);
    expect(status.body).toMatchObject({ step: 'locked', attemptsLeft: 0 });
    expect(Date.parse(status.body.lockedUntil)).toBeGreaterThan(Date.now() + 29 * 60_000);
    // a new code is refused while locked, too
    expect((await http.post('/identity/verification/code').set(bot(tg)).send({ email: 'anna.ivanova@example.com' }).expect(409)).body.code).toBe(
      'identity.verification_locked',
    );
  });

  it('resends are limited per hour', async () => {
    const tg = 940001;
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await http.post('/identity/verification/code').set(bot(tg)).send({ email: 'x.y@example.com' }).expect(200)).body.codesLeftThisHour);
    expect(codes).toEqual([3, 2, 1, 0]);
    const r = await http.post('/identity/verification/code').set(bot(tg)).send({ email: 'x.y@example.com' }).expect(409);
    expect(r.body.code).toBe('identity.too_many_codes');
  });

  it('dismissal: the lookup forgets the account, roles are gone, the access view says inactive', async () => {
    const roles = system.api.get(RolesService);
    expect(await roles.rolesOf('e-anna')).toEqual(['employee']);
    await http.get('/identity/telegram/910001').set(system.bot()).expect(200); // cached now
    // the bot administers a group it may ban in: the dismissal removes anna from it
    await http
      .post('/identity/chats/bot-membership')
      .set(system.bot())
      .send({ chatId: -100777, title: 'Engineering', chatType: 'supergroup', status: 'administrator', canRestrictMembers: true })
      .expect(201);
    expect((await http.get('/identity/employees/e-anna/offboarding').set(root).expect(200)).body).toMatchObject({ status: 'active', dismissal: null });
    await until(async () => (await system.ds.query(`SELECT 1 FROM identity.chats WHERE chat_id = -100777`)).length > 0, 'the chat in the read model');
    await http.post('/identity/employees/e-anna/dismiss').set(root).send({ reason: 'left' }).expect(201);
    await http.get('/identity/telegram/910001').set(system.bot()).expect(404);
    // the offboarding report: what the dismissal revoked, and the removal from the group (created by the projector)
    const report = await until(async () => {
      const r = await http.get('/identity/employees/e-anna/offboarding').set(root).expect(200);
      return r.body.removals.length > 0 && r.body;
    }, "anna's removal from the group");
    expect(report).toMatchObject({
      employeeId: 'e-anna',
      fullName: 'Anna Ivanova',
      status: 'dismissed',
      dismissal: { dismissedBy: 'e-root', reason: 'left', revokedRoles: ['employee'], telegramUserId: 910001 },
      removals: [{ chatId: -100777, chatTitle: 'Engineering', telegramUserId: 910001, status: 'pending', doneAt: null }],
    });
    await http.get('/identity/employees/e-nobody/offboarding').set(root).expect(404);
    await http.get('/identity/employees/e-anna/offboarding').set(system.bot(910001)).expect(403); // anna's old account: a stranger now
    expect(await roles.rolesOf('e-anna')).toEqual([]);
    const access = await http.get('/identity/employees/e-anna/access').set(root).expect(200);
    expect(access.body).toMatchObject({ active: false, roles: [] });
    const events = (await system.store.readStream('employee-e-anna')).map((e) => e.type);
    expect(events.slice(-2)).toEqual(['EmployeeDismissed', 'TelegramUnbound']);
    // rehire: active again, no account bound (they verify again)
    await http
      .post('/identity/employees/e-anna/rehire')
      .set(root)
      .send({ ...annaRecord, employeeId: undefined })
      .expect(201);
    expect((await http.get('/identity/employees/e-anna').set(root).expect(200)).body).toMatchObject({
      status: 'active',
      telegramUserId: null,
    });
    await http.get('/identity/telegram/910001').set(system.bot()).expect(404);
  });

  it('the bootstrap admin keeps its roles without being hired; unknown ids have none', async () => {
    const roles = system.api.get(RolesService);
    expect(await roles.rolesOf('e-root')).toEqual(['employee', 'admin']);
    expect(await roles.rolesOf('e-stranger')).toEqual([]);
  });

  it('the dev outbox page lists the mails, newest first', async () => {
    const page = await http.get('/dev/outbox').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('anna.ivanova@example.com');
    const json = await http.get('/dev/outbox.json').expect(200);
    const times = json.body.items.map((m: { sentAt: string }) => m.sentAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('a rebuild of the identity read model gives the same rows and sends no e-mail again', async () => {
    const snapshot = async () => ({
      employees: await system.ds.query(`SELECT employee_id, email, roles, status, telegram_user_id, revision FROM identity.employees ORDER BY employee_id`),
      bindings: await system.ds.query(`SELECT telegram_user_id, employee_id FROM identity.telegram_bindings ORDER BY telegram_user_id`),
    });
    const before = await snapshot();
    const mails = (await readOutbox(path.join(dataDir, 'outbox'))).length;
    const queued = await system.ds.query(`SELECT count(*)::int AS n FROM identity_ops.mail_queue`);
    await system.stopProjector();
    await rebuildProjection(system.store, system.ds, new IdentityProjection());
    system.startProjector();
    expect(await snapshot()).toEqual(before);
    await new Promise((r) => setTimeout(r, 700));
    expect((await readOutbox(path.join(dataDir, 'outbox'))).length).toBe(mails);
    expect(await system.ds.query(`SELECT count(*)::int AS n FROM identity_ops.mail_queue`)).toEqual(queued);
  });

  it('the Telegram lookup is answered from the cache; an identity event invalidates it', async () => {
    const directory = system.api.get(IdentityDirectory);
    await until(() => directory.caching, 'the cache listener');
    await http
      .post('/identity/employees')
      .set(root)
      .send({ employeeId: 'e-cache', fullName: 'Cache Test', email: 'cache@example.com', department: 'D', position: 'P', office: 'O' })
      .expect(201);
    await http.get('/identity/telegram/990001').set(system.bot()).expect(404);
    const misses = directory.stats.misses;
    for (let i = 0; i < 20; i++) await http.get('/identity/telegram/990001').set(system.bot()).expect(404);
    expect(directory.stats.misses).toBe(misses); // 20 answers, no database round trip
    // a write in the log (here: straight to the store, as another API instance would) reaches the cache through the projection's notice
    await system.store.append(
      'employee-e-cache',
      [
        {
          id: '8f0c4b52-7d7e-4c55-9a0a-0c0c0c0c0c01',
          type: 'TelegramBound',
          data: { employeeId: 'e-cache', telegramUserId: 990001, email: 'cache@example.com', boundAt: new Date().toISOString(), previousTelegramUserId: null },
          metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
        },
      ],
      0n,
    );
    const found = await until(async () => (await http.get('/identity/telegram/990001').set(system.bot())).status === 200, 'the lookup to see the new binding');
    expect(found).toBe(true);
    expect(directory.stats.invalidations).toBeGreaterThan(0);
  });

  it('managers form no cycle; a hire retried without an id hires once', async () => {
    const person = (id: string, managerId?: string) => ({
      employeeId: id,
      fullName: id,
      email: `${id}@example.com`,
      department: 'D',
      position: 'P',
      office: 'O',
      ...(managerId ? { managerId } : {}),
    });
    await hire(person('m1')).expect(201);
    await hire(person('m2', 'm1')).expect(201);
    await hire(person('m3', 'm2')).expect(201);
    const r = await http.patch('/identity/employees/m1').set(root).send({ managerId: 'm3' }).expect(422);
    expect(r.body).toMatchObject({ code: 'identity.manager_cycle', title: 'Managers would form a cycle: m1 → m3 → m2 → m1' });
    await http.patch('/identity/employees/m3').set(root).send({ managerId: null }).expect(200);

    const body = { fullName: 'No Id', email: 'no.id@example.com', department: 'D', position: 'P', office: 'O' };
    const first = await http.post('/identity/employees').set(root).set('idempotency-key', 'hire-no-id').send(body).expect(201);
    const again = await http.post('/identity/employees').set(root).set('idempotency-key', 'hire-no-id').send(body).expect(201);
    expect(again.body).toMatchObject({ employeeId: first.body.employeeId, duplicate: true });
  });
});
