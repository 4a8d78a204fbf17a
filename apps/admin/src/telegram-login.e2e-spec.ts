import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeInBrowser, launchChromium } from '@megabot/testing';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { buildWebApp } from '../../../tools/web-apps/build';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { createAdminApp } from './admin.module';

const SHOTS = path.join(__dirname, '..', 'test-results');
const BOT_TOKEN = '4242424242:widget-test-token-abcdefghijklmnop';
const WIDGET_SCRIPT = 'https://telegram.org/js/telegram-widget.js?22';

/** A Login Widget payload as Telegram signs it: HMAC-SHA256 over the sorted fields, keyed with SHA-256 of the bot token. */
function signed(fields: Record<string, string | number>, token = BOT_TOKEN): Record<string, string | number> {
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  return { ...fields, hash: createHmac('sha256', createHash('sha256').update(token).digest()).update(check).digest('hex') };
}
const now = () => Math.floor(Date.now() / 1000);

/**
 * The Telegram Login Widget on a deployment with a public domain: the admin back end passes the widget's payload to
 * the API, which checks Telegram's signature and age and opens a session for the bound employee; the site keeps
 * admins and auditors only. Forged, expired, replayed payloads and strangers are refused.
 */
describeInBrowser('admin site: sign-in with the Telegram Login Widget', () => {
  let system: TestSystem;
  let admin: INestApplication;
  let url: string;
  let browser: Browser;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    const built = buildWebApp('admin');
    system = await startTestSystem({ dbPoolSize: 3, auth: { telegramBotToken: BOT_TOKEN } });
    await system.employees({ id: 'w-admin', roles: ['employee', 'admin'] }, 'w-staff');
    await built;
    admin = await createAdminApp({ apiUrl: system.apiUrl, telegramLogin: { botUsername: 'MegaCorpBot', publicUrl: 'https://admin.example.com' } });
    await admin.listen(0, '127.0.0.1');
    url = await admin.getUrl();
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await system?.close();
  });

  const widget = (payload: Record<string, string | number>) =>
    fetch(`${url}/api/auth/telegram-widget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload }) });
  const account = (employeeId: string, authDate = now()) => ({ id: system.telegramIdOf(employeeId), first_name: employeeId, auth_date: authDate });

  it('an admin bound to the Telegram account gets a session; an employee who is not is signed out at once', async () => {
    expect(await (await fetch(`${url}/site`)).json()).toEqual({ telegramLogin: { botUsername: 'MegaCorpBot' } });
    const ok = await widget(signed(account('w-admin')));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ employeeId: 'w-admin', kind: 'widget', roles: ['employee', 'admin'] });
    const cookie = ok.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect((await fetch(`${url}/ra/employees`, { headers: { cookie } })).status).toBe(200);

    const staff = await widget(signed(account('w-staff')));
    expect(staff.status).toBe(403);
    expect(await staff.json()).toMatchObject({ code: 'admin.not_admin' });
    expect(staff.headers.getSetCookie().find((c) => c.startsWith('mb_session='))).toMatch(/^mb_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });

  it('a forged, an expired, a replayed payload and a stranger are refused', async () => {
    const refused = async (payload: Record<string, string | number>) => {
      const r = await widget(payload);
      return `${r.status} ${((await r.json()) as { code: string }).code}`;
    };
    expect(await refused({ ...signed(account('w-admin')), id: system.telegramIdOf('w-staff') })).toBe('401 auth.telegram_bad_hash');
    expect(await refused(signed(account('w-admin'), '1111111111:another-bots-token-abcdefghijk'))).toBe('401 auth.telegram_bad_hash');
    expect(await refused(signed(account('w-admin', now() - 2 * 86_400)))).toBe('401 auth.telegram_expired');
    const once = signed(account('w-admin', now() - 5));
    expect((await widget(once)).status).toBe(200);
    expect(await refused(once)).toBe('401 auth.telegram_replayed');
    expect(await refused(signed({ id: 4_100_000_777, first_name: 'Stranger', auth_date: now() }))).toBe('401 auth.telegram_not_employee');
  });

  it('without a public domain the site offers no widget and refuses its payloads', async () => {
    const plain = await createAdminApp({ apiUrl: system.apiUrl });
    await plain.listen(0, '127.0.0.1');
    const plainUrl = await plain.getUrl();
    try {
      expect(await (await fetch(`${plainUrl}/site`)).json()).toEqual({ telegramLogin: null });
      const r = await fetch(`${plainUrl}/api/auth/telegram-widget`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payload: signed(account('w-admin')) }),
      });
      expect(r.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('in the browser: the sign-in page shows the widget, and the account Telegram vouches for is signed in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // Telegram's script, as a stand-in (no network here): a button that calls back the way the real one does
    const payload = signed(account('w-admin', now() - 30)); // not one the tests above used: each is good once
    await page.route(WIDGET_SCRIPT, (route) =>
      route.fulfill({
        contentType: 'application/javascript',
        body: `(() => {
          const script = document.currentScript;
          const button = document.createElement('button');
          button.textContent = 'Log in with Telegram as @' + script.dataset.telegramLogin;
          button.onclick = () => new Function('user', script.dataset.onauth)(${JSON.stringify(payload)});
          script.after(button);
        })();`,
      }),
    );
    await page.goto(url);
    await page.getByText('Or sign in with the Telegram account bound to you').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-login-widget.png') });
    await page.getByRole('button', { name: 'Log in with Telegram as @MegaCorpBot' }).click();
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
