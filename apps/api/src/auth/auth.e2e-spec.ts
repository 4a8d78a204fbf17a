import { createHmac } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

const BOT_TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const OTHER_BOT = '7099999999:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1';

/** initData as a Telegram client sends it, signed as Telegram documents (independent of the code under test). */
function initData(
  user: { id: number; first_name: string },
  { token = BOT_TOKEN, authDate = Math.floor(Date.now() / 1000), queryId = 'AAHdF6IQAAAAAN0XohDhrOrc' } = {},
) {
  const fields: Record<string, string> = { query_id: queryId, user: JSON.stringify(user), auth_date: String(authDate), signature: 's'.repeat(86) };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const hash = createHmac('sha256', createHmac('sha256', 'WebAppData').update(token).digest()).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

describe('sign-in to the web front ends, sessions, CSRF, personal access tokens, Web App initData', () => {
  let system: TestSystem;
  const url = (p: string) => `${system.apiUrl}${p}`;
  const json = async (res: Response) => ({
    status: res.status,
    body: (await res.json().catch(() => ({}))) as Record<string, any>,
    cookies: res.headers.getSetCookie(),
  });
  const cookieFrom = (setCookies: string[], name: string) =>
    setCookies
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0]
      .split('=')[1];

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['au-admin'], auth: { telegramBotToken: BOT_TOKEN } });
    await system.employees('au-admin', 'au-anna', 'au-boris');
  });
  afterAll(async () => {
    await system.close();
  });

  /** A browser signs in as `employeeId`; the employee answers in the bot (the bot acting for their account). */
  async function signIn(employeeId: string) {
    const started = await json(
      await fetch(url('/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' },
        body: JSON.stringify({ employeeId }),
      }),
    );
    expect(started.status).toBe(201);
    const login = cookieFrom(started.cookies, 'mb_login')!;
    const pending = await fetch(url(`/auth/login/${started.body.challengeId}/session`), { method: 'POST', headers: { cookie: `mb_login=${login}` } });
    expect(pending.status).toBe(202);
    const decided = await fetch(url(`/auth/login/${started.body.challengeId}/decision`), {
      method: 'POST',
      headers: { ...system.as(employeeId), 'content-type': 'application/json' },
      body: JSON.stringify({ approve: true }),
    });
    expect(decided.status).toBe(200);
    const done = await json(await fetch(url(`/auth/login/${started.body.challengeId}/session`), { method: 'POST', headers: { cookie: `mb_login=${login}` } }));
    expect(done.status).toBe(200);
    const session = cookieFrom(done.cookies, 'mb_session')!;
    return { challengeId: started.body.challengeId as string, login, cookie: `mb_session=${session}`, csrf: done.body.csrf as string, body: done.body };
  }

  it('a sign-in confirmed in the bot opens a session for that browser only, once; the cookie is HttpOnly and SameSite', async () => {
    const started = await json(
      await fetch(url('/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ employeeId: 'au-anna' }) }),
    );
    expect(started.cookies.find((c) => c.startsWith('mb_login='))).toMatch(/HttpOnly; *|HttpOnly$/);
    // the notice reaches the outbox for Anna's Telegram account
    const claimed = await json(
      await fetch(url('/notifications/claim'), { method: 'POST', headers: { ...system.bot(), 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(claimed.body.items.filter((n: { feature: string }) => n.feature === 'auth')).toEqual([
      expect.objectContaining({
        kind: 'login',
        employeeId: 'au-anna',
        telegramUserId: system.telegramIdOf('au-anna'),
        data: expect.objectContaining({ challengeId: started.body.challengeId }),
      }),
    ]);
    // Boris cannot answer Anna's sign-in
    const boris = await fetch(url(`/auth/login/${started.body.challengeId}/decision`), {
      method: 'POST',
      headers: { ...system.as('au-boris'), 'content-type': 'application/json' },
      body: '{"approve":true}',
    });
    expect(boris.status).toBe(404);
    const s = await signIn('au-anna');
    expect(s.body).toMatchObject({ employeeId: 'au-anna', roles: ['employee'], kind: 'login' });
    // another browser (without the login cookie's secret) gets nothing; the same one cannot take it twice
    expect((await fetch(url(`/auth/login/${s.challengeId}/session`), { method: 'POST' })).status).toBe(404);
    expect((await fetch(url(`/auth/login/${s.challengeId}/session`), { method: 'POST', headers: { cookie: `mb_login=${s.login}` } })).status).toBe(410);
    const me = await json(await fetch(url('/auth/session'), { headers: { cookie: s.cookie } }));
    expect(me.body).toMatchObject({ employeeId: 'au-anna', csrf: s.csrf });
  });

  it('"Not me" refuses the browser', async () => {
    const started = await json(
      await fetch(url('/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"employeeId":"au-boris"}' }),
    );
    const login = cookieFrom(started.cookies, 'mb_login')!;
    await fetch(url(`/auth/login/${started.body.challengeId}/decision`), {
      method: 'POST',
      headers: { ...system.as('au-boris'), 'content-type': 'application/json' },
      body: '{"approve":false}',
    });
    expect(
      (await json(await fetch(url(`/auth/login/${started.body.challengeId}/session`), { method: 'POST', headers: { cookie: `mb_login=${login}` } }))).body.code,
    ).toBe('auth.login_denied');
  });

  it('an unknown employee gets the same answer (nothing to enumerate) and is never signed in', async () => {
    const r = await json(
      await fetch(url('/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"employeeId":"nobody-here"}' }),
    );
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['challengeId', 'expiresAt', 'status']);
  });

  it('unsafe requests need the CSRF token; sign-out ends the session; expiry ends it', async () => {
    const s = await signIn('au-anna');
    const put = (headers: Record<string, string>) =>
      fetch(url('/notifications/settings'), { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: '{"muted":[]}' });
    expect((await json(await put({ cookie: s.cookie }))).body.code).toBe('auth.csrf');
    expect((await json(await put({ cookie: s.cookie, 'x-csrf-token': 'wrong' }))).body.code).toBe('auth.csrf');
    expect((await put({ cookie: s.cookie, 'x-csrf-token': s.csrf })).status).toBe(200);
    // a forged cookie (someone else's id with a made-up signature) is refused before any lookup
    expect((await fetch(url('/auth/session'), { headers: { cookie: s.cookie.replace(/\.[^.]+$/, '.forged') } })).status).toBe(401);
    const out = await fetch(url('/auth/logout'), { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(204);
    expect((await fetch(url('/auth/session'), { headers: { cookie: s.cookie } })).status).toBe(401);
    const t = await signIn('au-anna');
    await system.ds.query(`UPDATE auth.sessions SET expires_at = now() - interval '1 second'`);
    expect((await json(await fetch(url('/auth/session'), { headers: { cookie: t.cookie } }))).body.code).toBe('auth.session_expired');
  });

  it("a dismissed employee's session ends at their next request, a role taken away is refused at once", async () => {
    await system.employees('au-chloe');
    const s = await signIn('au-chloe');
    expect((await fetch(url('/auctions'), { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await fetch(url('/identity/employees'), { headers: { cookie: s.cookie } })).status).toBe(403); // not an auditor
    const dismissed = await fetch(url('/identity/employees/au-chloe/dismiss'), {
      method: 'POST',
      headers: { ...system.as('au-admin'), 'content-type': 'application/json' },
      body: '{"reason":"left"}',
    });
    expect(dismissed.status).toBe(201);
    expect((await json(await fetch(url('/auctions'), { headers: { cookie: s.cookie } }))).body.code).toBe('auth.session_expired');
    const [row] = await system.ds.query(`SELECT revoked_at FROM auth.sessions WHERE session_id = $1`, [
      decodeURIComponent(s.cookie.split('=')[1]).split('.')[0],
    ]);
    expect(row.revoked_at).not.toBeNull();
  });

  it('personal access tokens: issued by an admin and shown once, act with the live roles, revocable, last use recorded', async () => {
    const issued = await json(
      await fetch(url('/auth/tokens'), {
        method: 'POST',
        headers: { ...system.as('au-admin'), 'content-type': 'application/json' },
        body: '{"employeeId":"au-boris","name":"cli"}',
      }),
    );
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^mbp_/);
    const token = { authorization: `Bearer ${issued.body.token}` };
    expect((await fetch(url('/auctions'), { headers: token })).status).toBe(200);
    expect((await fetch(url('/identity/employees'), { headers: token })).status).toBe(403); // Boris is no auditor
    const listed = await json(await fetch(url('/auth/tokens'), { headers: token }));
    expect(listed.body.items).toEqual([expect.objectContaining({ tokenId: issued.body.tokenId, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token.slice('mbp_'.length + 13)); // the secret is never shown again
    const [stored] = await system.ds.query(`SELECT secret_hash FROM auth.tokens WHERE token_id = $1`, [issued.body.tokenId]);
    expect(issued.body.token).not.toContain(stored.secret_hash);
    // an employee cannot issue tokens; a made-up or altered token is refused
    expect(
      (
        await fetch(url('/auth/tokens'), {
          method: 'POST',
          headers: { ...token, 'content-type': 'application/json' },
          body: '{"employeeId":"au-boris","name":"x"}',
        })
      ).status,
    ).toBe(403);
    expect((await fetch(url('/auctions'), { headers: { authorization: `Bearer ${issued.body.token.slice(0, -2)}xx` } })).status).toBe(401);
    expect((await fetch(url(`/auth/tokens/${issued.body.tokenId}`), { method: 'DELETE', headers: token })).status).toBe(200);
    expect((await json(await fetch(url('/auctions'), { headers: token }))).body.code).toBe('auth.invalid_token');
  });

  it('Web App initData: a verified employee gets a session; tampered, expired, replayed, another bot, a stranger and garbage get 401', async () => {
    const anna = { id: system.telegramIdOf('au-anna'), first_name: 'Anna' };
    const post = (data: string) =>
      fetch(url('/auth/webapp'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ initData: data }) }).then(json);
    const good = initData(anna);
    const ok = await post(good);
    expect(ok).toMatchObject({ status: 200, body: { employeeId: 'au-anna', kind: 'webapp' } });
    expect((await fetch(url('/auctions'), { headers: { cookie: `mb_session=${cookieFrom(ok.cookies, 'mb_session')}` } })).status).toBe(200);
    expect((await post(good)).body.code).toBe('auth.telegram_replayed');
    expect((await post(initData(anna, { queryId: 'other' }).replace('Anna', 'Boris'))).body.code).toBe('auth.telegram_bad_hash');
    expect((await post(initData(anna, { token: OTHER_BOT, queryId: 'q2' }))).body.code).toBe('auth.telegram_bad_hash');
    expect((await post(initData(anna, { authDate: Math.floor(Date.now() / 1000) - 3600, queryId: 'q3' }))).body.code).toBe('auth.telegram_expired');
    expect((await post(initData({ id: 4_600_000_001, first_name: 'Stranger' }, { queryId: 'q4' }))).body.code).toBe('auth.telegram_not_employee');
    expect((await post(initData(anna, { queryId: 'q5' }).replace(/&hash=[0-9a-f]+/, ''))).body.code).toBe('auth.telegram_missing_hash');
    expect((await post('garbage')).status).toBe(401);
  });
});
