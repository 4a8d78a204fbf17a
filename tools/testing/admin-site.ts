import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeInBrowser, launchChromium } from '@megabot/testing';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { Telegraf } from 'telegraf';
import { NotificationsApi } from '../../apps/bot/src/notifications/notifications.api';
import { notificationDelivery, type DeliveryRound } from '../../apps/bot/src/notifications/notifications.delivery';
import { NOTICE_RENDERERS } from '../../apps/bot/src/notifications/renderers';
import { ApiClient } from '../../apps/bot/src/shared/api-client';
import type { Poller } from '../../apps/bot/src/shared/poller';
import { startEmulator, type RunningEmulator } from '../../apps/telegram-emulator/src';
import { buildWebApp } from '../web-apps/build';
import { launchBot } from './bot-on-emulator';
import { startTestSystem, type TestSystem } from './test-system';
import { createAdminApp } from '../../apps/admin/src/admin.module';

/** Where the admin site's screenshots go (apps/admin/test-results). */
export const SHOTS = path.join(__dirname, '..', '..', 'apps', 'admin', 'test-results');
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };

/** What the admin site's browser tests use: the system, the signed-in browser, and the helpers around them. */
export interface AdminSite {
  readonly system: TestSystem;
  readonly emu: RunningEmulator;
  readonly adminUrl: string;
  /** Console errors, uncaught exceptions and 4xx/5xx answers of the page opened last. */
  readonly errors: string[];
  newPage(): Promise<Page>;
  signIn(page: Page, employeeId: string): Promise<void>;
  command(p: string, actor: string, body: Record<string, unknown>): Promise<any>;
  until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T>;
  column(page: Page, name: string, expected: string[]): Promise<unknown>;
}

/**
 * The admin site as its users meet it: the Vite-built React-admin app served by the admin back end, in headless
 * Chromium; sign-in confirmed with "It was me" in the bot (the real bot against the Bot API emulator, its notices
 * delivered by the real deliverer); every action the API's, as the signed-in employee. Each spec file gets its own
 * system, so the browser tests run in parallel.
 */
export function describeAdminSite(title: string, tests: (site: AdminSite) => void): void {
  describeInBrowser(title, () => {
    let system: TestSystem;
    let emu: RunningEmulator;
    let bot: Telegraf;
    let delivery: Poller<DeliveryRound>;
    let admin: INestApplication;
    let adminUrl: string;
    let browser: Browser;
    // a browser, the bot, the API and the projector on a machine shared with other work: generous limits, no speed asserted
    jest.setTimeout(180_000);
    /** Console errors and uncaught exceptions of the page under test. */
    let errors: string[] = [];

    const command = async (p: string, actor: string, body: Record<string, unknown>) => {
      const res = await fetch(`${system.apiUrl}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...system.as(actor) },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const until = async <T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T> => {
      for (let i = 0; i < 400; i++) {
        const v = await fn();
        if (v) return v as T;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    beforeAll(async () => {
      const built = buildWebApp('admin');
      // process managers too: a dismissal's removals from chats are created by the offboarding manager
      system = await startTestSystem({ dbPoolSize: 4 }, { processManagers: true });
      await system.employees(
        { id: 'e-anna', roles: ['employee', 'admin'] },
        { id: 'e-chloe', roles: ['employee', 'auditor'] },
        { id: 'e-boris', roles: ['employee'] },
      );
      emu = await startEmulator({
        port: 0,
        users: ['e-anna', 'e-chloe', 'e-boris'].map((id) => ({
          id: system.telegramIdOf(id),
          first_name: id.slice(2),
          language_code: 'en',
          label: id,
          started: true,
        })),
      });
      const http = new ApiClient(system.apiUrl, { credential: system.botToken });
      bot = await launchBot(system, emu, { http });
      delivery = notificationDelivery({
        api: new NotificationsApi(http),
        telegram: bot.telegram,
        renderers: NOTICE_RENDERERS,
        intervalMs: 50,
        log: () => undefined,
      }).start();
      await built;
      admin = await createAdminApp({ apiUrl: system.apiUrl });
      await admin.listen(0, '127.0.0.1');
      adminUrl = await admin.getUrl();
      browser = await launchChromium();
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await admin?.close();
      await delivery?.stop();
      if (bot) bot.stop('test');
      await emu?.stop();
      await system?.close();
    });

    async function newPage(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.request().method()} ${r.url()}`));
      return page;
    }

    /** Waits until a list's column shows these values (the pager's label may move before the rows do). */
    const column = (page: Page, name: string, expected: string[]) =>
      until(async () => JSON.stringify(await page.locator(`tbody tr td.column-${name}`).allInnerTexts()) === JSON.stringify(expected), `${name}: ${expected}`);

    /** Signs in as an employee on the login page: the bot asks them in Telegram, they press "It was me". */
    async function signIn(page: Page, employeeId: string) {
      const account = system.telegramIdOf(employeeId);
      const before = emu.control.messages(account, { direction: 'out' }).length;
      await page.goto(adminUrl);
      await page.getByLabel('Employee id or corporate e-mail').fill(employeeId);
      await page.getByRole('button', { name: 'Sign in with Telegram' }).click();
      await page.getByText('Press It was me').waitFor();
      const ask = await until(
        () =>
          emu.control
            .messages(account, { direction: 'out' })
            .slice(before)
            .find((m: any) => (m.reply_markup as Keyboard | undefined)?.inline_keyboard?.[0]?.[0]?.callback_data?.startsWith('auth:y:')) as any,
        `the sign-in question in ${employeeId}'s chat`,
      );
      expect(ask.text).toContain('Chrome');
      emu.control.pressButton({ userId: account, messageId: ask.message_id, data: (ask.reply_markup as Keyboard).inline_keyboard[0][0].callback_data! });
    }

    tests({
      get system() {
        return system;
      },
      get emu() {
        return emu;
      },
      get adminUrl() {
        return adminUrl;
      },
      get errors() {
        return errors;
      },
      newPage,
      signIn,
      command,
      until,
      column,
    });
  });
}
