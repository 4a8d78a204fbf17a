import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeInBrowser, launchChromium } from '@megabot/testing';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { Telegraf } from 'telegraf';
import { createBot } from '../../bot/src/bot';
import { IdentityApi } from '../../bot/src/identity/identity.api';
import { identityLookup } from '../../bot/src/identity/identity.gate';
import { NotificationsApi } from '../../bot/src/notifications/notifications.api';
import { notificationDelivery, type DeliveryRound } from '../../bot/src/notifications/notifications.delivery';
import { NOTICE_RENDERERS } from '../../bot/src/notifications/renderers';
import { ApiClient } from '../../bot/src/shared/api-client';
import type { Poller } from '../../bot/src/shared/poller';
import { startEmulator, type RunningEmulator } from '../../telegram-emulator/src';
import { buildWebApp } from '../../../tools/web-apps/build';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { createAdminApp } from './admin.module';
import { WriteSides } from '../../api/src/core/write-side';
import { auctionWriteSide } from '@megabot/domain';

const SHOTS = path.join(__dirname, '..', 'test-results');
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };

/**
 * The admin site as its users meet it: the Vite-built React-admin app served by the admin back end, in headless
 * Chromium; sign-in confirmed with "It was me" in the bot (the real bot against the Bot API emulator, its notices
 * delivered by the real deliverer); every action the API's, as the signed-in employee.
 */
describeInBrowser('admin site in headless Chromium: sign-in through the bot, lists, forms, actions, audit replay', () => {
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
    bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: system.apiUrl,
      http,
      lookupActor: identityLookup(new IdentityApi(http)),
      switchesTtlMs: 0,
    });
    void bot.launch();
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

  it('a non-admin who confirms in the bot is still refused and signed out', async () => {
    const page = await newPage();
    await signIn(page, 'e-boris');
    await page.getByText('The admin site is for admins and auditors').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-refused.png') });
    // no session is left behind in this browser, and the admin back end answers nothing to it
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('mb_session');
    expect(await page.evaluate(() => fetch('./ra/lots').then((r) => r.status))).toBe(401);
    await page.context().close();
  });

  it('an admin signs in through the bot and pages, searches and filters the lots on the server', async () => {
    let last: { position: string } | undefined;
    for (let i = 1; i <= 12; i++) {
      last = await command('/auctions', 'e-boris', {
        lotId: `lot-${String(i).padStart(2, '0')}`,
        kind: 'own_lot',
        title: i === 7 ? 'Espresso machine' : `Office chair ${i}`,
        startingPrice: 10_000 + i * 100,
        closesAt: new Date(Date.now() + (i + 1) * 3_600_000).toISOString(),
      });
    }
    await command('/auctions/lot-03/bids', 'e-anna', { amount: 20_000 });
    await fetch(`${system.apiUrl}/auctions/lot-12?waitFor=${last!.position}`, { headers: system.as('e-anna') });

    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${adminUrl}#/lots`);
    await page.getByText('1-10 of 12').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(10);
    await page.screenshot({ path: path.join(SHOTS, 'admin-lots.png') });
    // the second page
    await page.getByRole('button', { name: 'Go to page 2' }).click();
    await page.getByText('11-12 of 12').waitFor();
    await column(page, 'lotId', ['lot-11', 'lot-12']);
    // search on the server
    await page.getByPlaceholder('Title or lot id').fill('espresso');
    await page.getByText('1-1 of 1').waitFor();
    await column(page, 'title', ['Espresso machine']);
    // sorted by bids, most first
    await page.getByPlaceholder('Title or lot id').fill('');
    await page.getByText('1-10 of 12').waitFor();
    await page.goto(`${adminUrl}#/lots?sort=bidCount&order=DESC&page=1&perPage=10&filter=%7B%7D`);
    await until(async () => (await page.locator('tbody tr td.column-lotId').first().innerText()) === 'lot-03', 'the lot with a bid first');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the dashboard shows the day's counters, bids per hour and each projection's state, and keeps reading them", async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    // the twelve lots and the one bid of the test before
    await page.getByLabel('Open lots: 12').waitFor();
    await page.getByLabel('Bids today: 1').waitFor();
    await page.getByLabel(/^Verified employees: \d+ of \d+$/).waitFor();
    expect(await page.getByRole('img', { name: /^Bids per hour: / }).getAttribute('aria-label')).toMatch(/ 1$|, \d\d:00 1,/);
    await page.getByRole('cell', { name: 'auction', exact: true }).waitFor();
    await page.getByText('No event is waiting for a decision.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-dashboard.png'), fullPage: true });
    // a new bid shows without reloading the page (the dashboard reads the overview again every few seconds)
    await command('/auctions/lot-06/bids', 'e-anna', { amount: 20_000 });
    await page.getByLabel('Bids today: 2').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("hiring with a wrong e-mail shows the API's message at the field", async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    await page.goto(`${adminUrl}#/employees/create`);
    await page.getByLabel('Full name').fill('Dora Petrova');
    await page.getByLabel('Corporate e-mail').fill('dora.petrova-at-example.com');
    await page.getByLabel('Department').fill('Sales');
    await page.getByLabel('Position').fill('Account manager');
    await page.getByLabel('Office').fill('Moscow HQ');
    await page.getByRole('button', { name: 'Save' }).click();
    // the API's message under the field, tied to it for screen readers (aria-describedby), the field marked invalid
    const email = page.getByLabel('Corporate e-mail');
    await page.locator('p.Mui-error', { hasText: 'email must be an e-mail address' }).waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await email.getAttribute('aria-describedby')}"]`).innerText()).toBe('email must be an e-mail address');
    await page.screenshot({ path: path.join(SHOTS, 'admin-employee-invalid.png') });
    // corrected, the employee is hired and listed
    await page.getByLabel('Corporate e-mail').fill('dora.petrova@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByPlaceholder('Name, e-mail or id').waitFor();
    await page.getByPlaceholder('Name, e-mail or id').fill('petrova');
    await page.locator('tbody tr td.column-fullName', { hasText: 'Dora Petrova' }).waitFor();
    // the refused hire is the only failed request (the browser reports it on the console too)
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 POST ${adminUrl}/ra/employees`]);
    await page.context().close();
  });

  it("an admin cancels a lot from its page: the event log records the admin's id and command", async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${adminUrl}#/lots/lot-05/show`);
    await page.getByRole('button', { name: 'Cancel lot' }).click();
    await page.getByLabel('Reason (kept in the log)').fill('Listed twice by mistake');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel lot' }).click();
    await page.getByText('The lot is cancelled').waitFor();
    const events = await until(async () => {
      const res = await fetch(`${system.apiUrl}/audit/auctions/lot-05/events`, { headers: system.as('e-anna') });
      const body = (await res.json()) as { events: { type: string; actorId: string; commandId: string; data: any }[] };
      return body.events.some((e) => e.type === 'LotCancelled') && body.events;
    }, 'the cancellation in the event log');
    const cancelled = events.find((e) => e.type === 'LotCancelled')!;
    expect(cancelled).toMatchObject({ actorId: 'e-anna', data: expect.objectContaining({ reason: 'Listed twice by mistake' }) });
    expect(cancelled.commandId).toMatch(/^e-anna\/[0-9a-f-]{36}$/); // the page's Idempotency-Key, scoped by the API to its employee
    await page.screenshot({ path: path.join(SHOTS, 'admin-lot-cancelled.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an admin voids a bid with a reason, registers a door display and sees what its panel shows', async () => {
    const bid = await command('/auctions/lot-04/bids', 'e-chloe', { amount: 20_000 });
    await fetch(`${system.apiUrl}/auctions/lot-04?waitFor=${bid.position}`, { headers: system.as('e-anna') });
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${adminUrl}#/lots/lot-04/show`);
    await page.locator('td.column-status', { hasText: 'active' }).waitFor();
    await page.getByRole('button', { name: 'Void a bid' }).click();
    await page.getByLabel('Bid number').fill(String(bid.bidNo));
    await page.getByLabel('Reason (kept in the log)').fill('Bid placed for the seller');
    await page.getByRole('dialog').getByRole('button', { name: 'Void a bid' }).click();
    await page.getByText('The bid is void').waitFor();
    await page.locator('td.column-status', { hasText: 'voided' }).waitFor();
    const voided = await until(async () => {
      const res = await fetch(`${system.apiUrl}/audit/auctions/lot-04/events`, { headers: system.as('e-anna') });
      return ((await res.json()) as { events: { type: string; actorId: string; data: any }[] }).events.find((e) => e.type === 'BidVoided');
    }, 'the voided bid in the event log');
    expect(voided).toMatchObject({ actorId: 'e-anna', data: expect.objectContaining({ reason: 'Bid placed for the seller' }) });

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an auditor replays a lot event by event, verifies its chain and downloads it, and reaches nothing else', async () => {
    const page = await newPage();
    await signIn(page, 'e-chloe');
    await page.getByRole('menuitem', { name: 'Audit: lots' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Employees' }).count()).toBe(0);
    await page.getByText('Auditors work in').waitFor(); // their home page points to the audit views, no admin counters
    await page.getByRole('menuitem', { name: 'Audit: lots' }).click();
    // the lots as the event store has them, searched; a row opens its replay
    await page.getByPlaceholder('Lot, seller or winner').fill('lot-03');
    await column(page, 'lotId', ['lot-03']);
    await page.locator('tbody tr td.column-lotId', { hasText: 'lot-03' }).click();
    await page.getByText(/Lot lot-03: \d+ events/).waitFor();
    const types = await page.locator('tbody tr[data-event]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    expect(types[0]).toBe('LotOpened');
    expect(types).toContain('BidPlaced');
    // the state after the last event, then after the first one (stepping back)
    expect(JSON.parse(await page.locator('#state-after').innerText())).toMatchObject({ lotId: 'lot-03', bidCount: 1, leaderId: 'e-anna' });
    await page.locator('tbody tr[data-event="LotOpened"]').click();
    await until(async () => JSON.parse(await page.locator('#state-after').innerText()).bidCount === 0, 'the state after the opening');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(`Hash chain intact: ${types.length} events checked`).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-audit-replay.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('auction-lot-03.csv');
    expect(fs.readFileSync((await download.path())!, 'utf8')).toContain('BidPlaced');
    // a point in time before the lot existed shows nothing
    await page.getByLabel('Point in time').fill('2020-01-01T00:00');
    await page.getByText('No events up to that moment.').waitFor();
    expect(errors).toEqual([]);
    // the admin resources are refused to an auditor by the back end, whatever the page asks
    expect(await page.evaluate(() => fetch('./ra/employees').then((r) => r.status))).toBe(403);
    expect(await page.evaluate(() => fetch('./api/auctions').then((r) => r.status))).toBe(403);
    await page.context().close();
  });
  it('an admin imports employees from a CSV: the progress, then what was hired and each rejected row with its reason', async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    await page.goto(`${adminUrl}#/employees`);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    const csv = [
      'employeeId,fullName,email,department,position,office,managerId,roles,clearance,projects',
      'e-irina,Irina Volkova,irina.volkova@example.com,Engineering,QA engineer,Moscow HQ,e-anna,employee,internal,megabot',
      'e-kirill,"Kirill ""Kir"" Smirnov",kirill.smirnov@example.com,Sales,Sales manager,"Saint Petersburg, office 2",e-anna,employee,public,',
      'e-nobody-mail,No Mail,not-an-email,Sales,Intern,Moscow HQ,e-anna,employee,internal,',
    ].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('staff.csv (1 kB)').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Applied 2 of 2 rows').waitFor();
    await page.getByText('Hired: 2').waitFor();
    await page.getByText('Rejected: 1').waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    expect(await rejected.allInnerTexts()).toEqual(['4\te-nobody-mail\tbad e-mail "not-an-email"']);
    await page.screenshot({ path: path.join(SHOTS, 'admin-employee-import.png'), fullPage: true });
    // hired as the admin's own commands
    const [hired] = await system.store.readStream('employee-e-kirill');
    expect(hired).toMatchObject({ type: 'EmployeeHired', metadata: expect.objectContaining({ actorId: 'e-anna' }) });
    expect((hired.data as { fullName: string }).fullName).toBe('Kirill "Kir" Smirnov');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an admin dismisses an employee, reads the offboarding report, and rehires them', async () => {
    await system.employees({ id: 'e-gleb', roles: ['employee', 'auditor'] });
    // the bot administers a group where it may ban: the dismissal removes gleb from it
    const chat = await fetch(`${system.apiUrl}/identity/chats/bot-membership`, {
      method: 'POST',
      headers: { ...system.bot(), 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: -100555, title: 'Engineering chat', chatType: 'supergroup', status: 'administrator', canRestrictMembers: true }),
    });
    expect(chat.status).toBe(201);
    await until(async () => (await system.ds.query(`SELECT 1 FROM identity.chats WHERE chat_id = -100555`)).length > 0, 'the chat in the read model');
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    await page.goto(`${adminUrl}#/employees/e-gleb`);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Reason (kept in the log)').fill('Contract ended');
    await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click();
    // the report opens by itself, readable: what was revoked, the account unbound, the removal from the group
    await page.getByRole('heading', { name: 'Offboarding report' }).waitFor();
    expect(await page.getByTestId('revoked-roles').innerText()).toBe('employee, auditor');
    await page.getByText(`Account ${system.telegramIdOf('e-gleb')} unbound; it acts for nobody`).waitFor();
    await page.getByText('Contract ended').waitFor();
    await page.getByRole('table', { name: 'Removal from chats' }).getByRole('cell', { name: 'Engineering chat' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-offboarding-report.png'), fullPage: true });
    // back to the employee: rehired, the dialog starting from the record as it was
    await page.getByRole('link', { name: 'Back to the employee' }).click();
    await page.getByRole('button', { name: 'Rehire' }).click();
    expect(await page.getByRole('dialog').getByLabel('Corporate e-mail').inputValue()).toMatch(/@/);
    await page.getByRole('dialog').getByLabel('Position').fill('Staff engineer');
    await page.getByRole('dialog').getByRole('button', { name: 'Rehire' }).click();
    await page.getByText('Rehired: active again').waitFor();
    const rehired = await until(async () => (await system.store.readStream('employee-e-gleb')).find((e) => e.type === 'EmployeeRehired'), 'the rehire');
    expect(rehired).toMatchObject({ metadata: expect.objectContaining({ actorId: 'e-anna' }), data: expect.objectContaining({ position: 'Staff engineer' }) });
    await page.getByRole('button', { name: 'Dismiss' }).waitFor(); // active again
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an admin sets a feature switch per role, per employee and per app version', async () => {
    const created = await fetch(`${system.apiUrl}/bot/switches/auction.new_flow`, {
      method: 'PATCH',
      headers: { ...system.as('e-anna'), 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'The new lot flow', users: { 'e-boris': true } }),
    });
    expect(created.status).toBe(200);
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Feature switches' }).waitFor();
    await page.goto(`${adminUrl}#/switches/auction.new_flow`);
    const rules = (label: string) => page.locator('.ra-input').filter({ has: page.getByText(label, { exact: true }) });
    await rules('Per role').getByRole('button', { name: 'Add' }).click();
    await rules('Per role').getByLabel('Role').fill('tester');
    await rules('Per role').getByLabel('On').check();
    await rules('Per app version').getByRole('button', { name: 'Add' }).click();
    await rules('Per app version').getByLabel('Version ("0.3.1", or "0.3.*")').fill('0.2.*');
    // the employee rule removed
    await rules('Per employee').locator('.RaSimpleFormIterator-line').hover(); // a row's remove button shows on hover and focus
    await rules('Per employee').getByRole('button', { name: 'Remove' }).click();
    await page.screenshot({ path: path.join(SHOTS, 'admin-switch-edit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('tester: on').waitFor();
    const sw = await (await fetch(`${system.apiUrl}/bot/switches/auction.new_flow`, { headers: system.as('e-anna') })).json();
    expect(sw).toMatchObject({ roles: { tester: true }, users: {}, appVersions: { '0.2.*': false }, updatedBy: 'e-anna' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an admin issues a personal access token (shown once), sees it listed and revokes it', async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Access tokens' }).waitFor();
    await page.goto(`${adminUrl}#/tokens/create`);
    await page.getByLabel('Employee id').fill('e-chloe');
    await page.getByLabel('What it is for (e.g. audit CLI on the laptop)').fill('audit CLI');
    await page.getByRole('button', { name: 'Save' }).click();
    const token = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(token).toMatch(/^mbp_[A-Za-z0-9]{12}_/);
    await page.screenshot({ path: path.join(SHOTS, 'admin-token-issued.png') });
    const session = () => fetch(`${system.apiUrl}/audit/auctions`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await session()).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    const tokenId = token.slice(4, 16);
    await page.getByRole('button', { name: `Revoke ${tokenId}` }).click();
    await page.getByText(/^revoked /).waitFor();
    expect(await until(async () => (await session()) === 401, 'the revoked token refused')).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the site in Russian, on a phone: the language switcher, the menu, the employees and the import page', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'e-anna');
    await page.locator('#react-admin-title', { hasText: 'Dashboard' }).waitFor(); // signed in
    await page.getByRole('button', { name: 'Language: English' }).click();
    await page.getByRole('menuitem', { name: 'Русский' }).click();
    await page.locator('#react-admin-title', { hasText: 'Сводка' }).waitFor();
    await page.goto(`${adminUrl}#/employees`);
    await page.getByPlaceholder('Имя, почта или id').waitFor();
    await page.getByRole('link', { name: 'Импорт CSV' }).waitFor();
    // a phone gets one line per employee, no table wider than the screen
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-employees.png'), fullPage: true });
    await page.getByRole('link', { name: 'Импорт CSV' }).click();
    await page.getByRole('button', { name: 'Выбрать файл CSV' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-import.png'), fullPage: true });
    // the menu (a drawer on a phone) in Russian
    await page
      .getByRole('button', { name: /menu|меню/i })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Сотрудники' }).click({ trial: true }); // waits until the drawer has slid in
    await page.getByRole('menuitem', { name: 'Токены доступа' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-menu.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  describe('operations', () => {
    /** A lot of an employee, opened through the API as the bot does. */
    const ownLot = (lotId: string, sellerId: string, closesInMs = 3_600_000) =>
      command('/auctions', sellerId, {
        lotId,
        kind: 'own_lot',
        title: `Shill lot ${lotId}`,
        startingPrice: 1_000,
        closesAt: new Date(Date.now() + closesInMs).toISOString(),
      });
    const read = async (p: string, as = 'e-anna') => (await fetch(`${system.apiUrl}${p}`, { headers: system.as(as) })).json() as Promise<any>;

    beforeAll(() => system.employees('e-xena', 'e-yuri'));

    it("an admin opens a company lot with every rule; the API's refusal shows at its field; the lot is in the read side and the bot", async () => {
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Lots', exact: true }).click();
      await page.getByRole('link', { name: 'New company lot' }).click();
      await page.getByLabel('Lot id (optional)').fill('p7-jan');
      await page.getByLabel('Title *').fill('Parking spot P-7, January');
      await page.getByLabel('Spot number').fill('P-7');
      await page.getByLabel('Period from').fill('2027-01-01');
      await page.getByLabel('Period to').fill('2027-01-31');
      await page.getByLabel('Delegates (employee ids, comma separated)').fill('e-chloe');
      // the soonest to close, so the bot lists it first
      const closes = new Date(Date.now() + 40 * 60_000);
      const local = new Date(closes.getTime() - closes.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await page.getByLabel('Closes at *').fill(local);
      await page.getByLabel('Starting price *').fill('1000');
      await page.getByLabel("Seller's own minimum step").fill('20');
      await page.getByLabel('Reserve (hidden)').fill('500');
      await page.getByLabel('Buy now').fill('5000');
      await page.getByRole('button', { name: 'Add' }).click();
      await page.getByLabel('From price, ₽').fill('0');
      await page.getByLabel('Minimum increment, ₽').fill('50');
      await page.getByLabel('Soft close window, min').fill('5');
      await page.getByLabel('Extension, min').fill('5');
      await page.getByLabel('Most extensions (0: none)').fill('3');
      await page.getByLabel('Retraction window, min').fill('10');
      await page.getByLabel('No retraction before close, min').fill('30');
      await page.getByRole('button', { name: 'Save' }).click();
      // the domain's rule, at the field it names
      await page.locator('p.Mui-error', { hasText: 'must be above the starting price' }).waitFor();
      expect(await page.getByLabel('Reserve (hidden)').getAttribute('aria-invalid')).toBe('true');
      await page.screenshot({ path: path.join(SHOTS, 'admin-lot-create-refused.png'), fullPage: true });
      await page.getByLabel('Reserve (hidden)').fill('2000');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('img', { name: /^Price over time: from 1\s000,00\s₽ to 1\s000,00\s₽ in 0 bids$/ }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-lot-created.png'), fullPage: true });

      const lot = await read('/auctions/p7-jan');
      expect(lot).toMatchObject({
        kind: 'parking_spot',
        status: 'open',
        sellerId: 'e-anna',
        startingPrice: 100_000,
        minIncrement: 2_000,
        reservePrice: 200_000,
        buyNowPrice: 500_000,
        maxExtensions: 3,
        details: { spotNumber: 'P-7', periodFrom: '2027-01-01', periodTo: '2027-01-31' },
      });
      expect(Date.parse(lot.closesAt)).toBe(Math.floor(closes.getTime() / 60_000) * 60_000);
      const opened = (await read('/audit/auctions/p7-jan/events')).events[0];
      expect(opened).toMatchObject({ type: 'LotOpened', actorId: 'e-anna' });
      expect(opened.data).toMatchObject({
        delegates: ['e-chloe'],
        openedBy: { employeeId: 'e-anna', roles: expect.arrayContaining(['admin']) },
        rules: expect.objectContaining({
          incrementTiers: [{ from: 0, increment: 5_000 }],
          softClose: { windowMinutes: 5, extensionMinutes: 5, maxExtensions: 3 },
          retraction: { windowMinutes: 10, lockBeforeCloseMinutes: 30 },
        }),
      });
      // in the bot: Boris's list of open lots has it
      const boris = system.telegramIdOf('e-boris');
      const before = emu.control.messages(boris, { direction: 'out' }).length;
      emu.control.sendMessage({ userId: boris, text: '/lots' });
      const list = await until(
        () =>
          emu.control
            .messages(boris, { direction: 'out' })
            .slice(before)
            .find((m: any) => /Open lots/.test(m.text ?? '')) as any,
        "Boris's list of lots",
      );
      expect(list.text).toContain('Parking spot P-7, January');
      expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([`422 POST ${adminUrl}/ra/lots`]);
      await page.context().close();
    });

    it('an admin relists an unsold lot; its price chart follows the bids', async () => {
      await ownLot('relist-me', 'e-xena', 1500);
      await new Promise((r) => setTimeout(r, 1600));
      // the closing manager's command (this system runs no process managers)
      await system.api
        .get(WriteSides)
        .of(auctionWriteSide)
        .execute({ type: 'CloseLot', lotId: 'relist-me' }, { commandId: 'close-relist-me', actorId: 'closing' });
      await until(async () => (await read('/auctions/relist-me')).status === 'closed', 'the lot closed');
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
      await page.goto(`${adminUrl}#/lots/relist-me/show`);
      await page.getByRole('button', { name: 'Relist' }).click();
      const closes = new Date(Date.now() + 86_400_000);
      await page.getByLabel('Closes at').fill(new Date(closes.getTime() - closes.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
      await page.getByLabel('New starting price, ₽ (empty: unchanged)').fill('15');
      await page.getByRole('dialog').getByRole('button', { name: 'Relist' }).click();
      await page.getByText('The lot is open again').waitFor();
      await page
        .locator('.MuiChip-label', { hasText: /^open$/ })
        .first()
        .waitFor();
      expect(await read('/auctions/relist-me')).toMatchObject({ status: 'open', round: 2, startingPrice: 1_500, bidCount: 0 });
      expect((await read('/audit/auctions/relist-me/events')).events.at(-1)).toMatchObject({ type: 'LotRelisted', actorId: 'e-anna' });
      // two bids while the page is open: it follows the read side, the chart's line has the opening price and both
      await command('/auctions/relist-me/bids', 'e-boris', { amount: 2_000 });
      await command('/auctions/relist-me/bids', 'e-chloe', { amount: 3_000 });
      const chart = page.getByRole('img', { name: /^Price over time: / });
      await until(async () => (await chart.getAttribute('data-points')) === '3', 'three points on the chart');
      expect(await chart.getAttribute('aria-label')).toMatch(/in 2 bids$/);
      await page.screenshot({ path: path.join(SHOTS, 'admin-lot-relisted-chart.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a lot list updates by itself when the read side moves; the shill report names the pair bidding on each other', async () => {
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
      await page.goto(`${adminUrl}#/lots?filter=${encodeURIComponent('{"q":"shill lot x"}')}`);
      await page.getByText(/^No .* found/).waitFor();
      // Xena and Yuri bid on each other's lots, twice each way - while the list is open
      for (const [lot, seller, bidder] of [
        ['x-1', 'e-xena', 'e-yuri'],
        ['x-2', 'e-xena', 'e-yuri'],
        ['y-1', 'e-yuri', 'e-xena'],
        ['y-2', 'e-yuri', 'e-xena'],
      ]) {
        await ownLot(lot, seller);
        await command(`/auctions/${lot}/bids`, bidder, { amount: 1_000 });
      }
      await column(page, 'lotId', ['x-1', 'x-2']);
      await page.getByRole('menuitem', { name: 'Shill signals' }).click();
      const pair = page.locator('tr[data-pair="e-xena:e-yuri"], tr[data-pair="e-yuri:e-xena"]');
      await pair.waitFor();
      expect(await pair.locator('td').allInnerTexts()).toEqual([expect.stringMatching(/^e-(xena|yuri)$/), expect.stringMatching(/^e-(xena|yuri)$/), '2', '2']);
      await page.screenshot({ path: path.join(SHOTS, 'admin-shill-report.png'), fullPage: true });
      // a stricter threshold: no pair
      await page.getByLabel('Mutual lots at least').fill('3');
      await page.getByText('No pairs.').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it("the bookings calendar shows the office's day and week, and a booking made through the API appears without a reload", async () => {
      const zone = 'Europe/Moscow';
      const day = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(Date.now() + offsetDays * 86_400_000));
      const tomorrow = day(1);
      await command('/rooms/offices', 'e-anna', { officeId: 'ops', name: 'Operations office', timeZone: zone });
      const allWeek = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };
      await command('/rooms/offices/ops/rooms', 'e-anna', { roomId: 'ops-volga', name: 'Volga', floor: 1, capacity: 6, workingHours: allWeek });
      await command('/rooms/offices/ops/rooms', 'e-anna', { roomId: 'ops-kama', name: 'Kama', floor: 1, capacity: 4, workingHours: allWeek });
      const booked = await command('/rooms/ops-volga/bookings', 'e-boris', {
        title: 'Sprint planning',
        start: `${tomorrow}T10:00:00+03:00`,
        end: `${tomorrow}T11:30:00+03:00`,
      });
      await read(`/rooms/bookings/mine?waitFor=${booked.position}`, 'e-boris');

      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Bookings' }).waitFor();
      await page.goto(`${adminUrl}#/bookings?office=ops&date=${tomorrow}`);
      const planning = page.locator('[data-column="ops-volga"] [data-booking]', { hasText: 'Sprint planning' });
      await planning.waitFor();
      expect(await planning.getAttribute('aria-label')).toBe('Sprint planning, 10:00–11:30, Volga, e-boris');
      // booked in the bot meanwhile: the calendar follows the rooms read side
      await command('/rooms/ops-kama/bookings', 'e-xena', { title: 'Design review', start: `${tomorrow}T14:00:00+03:00`, end: `${tomorrow}T15:00:00+03:00` });
      await page.locator('[data-column="ops-kama"] [data-booking]', { hasText: 'Design review' }).waitFor();
      await page.getByText(`${tomorrow}: 2 bookings`).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-bookings-day.png'), fullPage: true });
      // the week, one room: a column per day
      await page.getByRole('button', { name: 'Week' }).click();
      await page.locator('#calendar-room').click();
      await page.getByRole('option', { name: 'Volga' }).click();
      await page.locator(`[data-column="${tomorrow}"] [data-booking]`, { hasText: 'Sprint planning' }).waitFor();
      await page.getByText(/^Week of \d{4}-\d{2}-\d{2}: 1 bookings$/).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-bookings-week.png'), fullPage: true });
      expect(errors).toEqual([]);
      // the room's hours and policy: a wrong time is refused by the API at its (nested) field, then saved
      await page.goto(`${adminUrl}#/rooms/ops-volga`);
      await page.getByLabel('Opens (HH:MM)').fill('7am');
      await page.getByLabel('Sun').uncheck();
      await page.getByLabel('Longest booking, min').fill('180');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('p.Mui-error', { hasText: 'from must be HH:MM' }).waitFor();
      await page.getByLabel('Opens (HH:MM)').fill('07:00');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Element updated').waitFor();
      expect(await read('/rooms/ops-volga')).toMatchObject({
        workingHours: { days: [1, 2, 3, 4, 5, 6], from: '07:00', to: '24:00' },
        policy: expect.objectContaining({ maxDurationMinutes: 180 }),
      });
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 PUT ${adminUrl}/ra/rooms/ops-volga`]);
      await page.context().close();
    });

    it("an admin adds a knowledge source by its credential's name only and asks for a sync; publishes an announcement", async () => {
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Knowledge sources' }).click();
      await page.getByRole('link', { name: 'Create' }).click();
      await page.getByLabel('Id *').fill('wiki');
      await page.getByLabel('Name *').fill('Company wiki');
      await page.getByLabel('Location (API base URL or share folder) *').fill('https://wiki.example.com/w');
      await page.getByLabel('Credential: environment variable name').fill('s3cr3t-password');
      await page.getByLabel('Settings (JSON)').fill('{"namespaces": ["0"]}');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .locator('p.Mui-error', { hasText: 'credentialRef must name an environment variable KNOWLEDGE_SECRET_<NAME>, never hold the secret' })
        .waitFor();
      await page.getByLabel('Credential: environment variable name').fill('KNOWLEDGE_SECRET_WIKI');
      await page.getByRole('button', { name: 'Save' }).click();
      // the list follows the read side: the new source appears without a reload
      await page.locator('tbody tr td.column-sourceId', { hasText: 'wiki' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByText('Sync requested; the projector starts it at its next poll').waitFor();
      await page.getByLabel('Sync state').filter({ hasText: 'requested (incremental)' }).waitFor();
      expect(await page.getByLabel('Credential: environment variable name').inputValue()).toBe('KNOWLEDGE_SECRET_WIKI');
      await page.screenshot({ path: path.join(SHOTS, 'admin-knowledge-source.png'), fullPage: true });
      const source = await read('/knowledge/sources/wiki');
      expect(source).toMatchObject({
        kind: 'mediawiki',
        credentialRef: 'KNOWLEDGE_SECRET_WIKI',
        settings: { namespaces: ['0'] },
        requested: { mode: 'incremental' },
      });

      await page.getByRole('menuitem', { name: 'Announcements' }).click();
      await page.getByRole('link', { name: 'Create' }).click();
      await page.getByLabel('Id *').fill('office-move');
      await page.getByLabel('Text *').fill('The office is closed on Friday for the move.');
      await page.getByRole('button', { name: 'Save' }).click();
      const row = page.locator('tbody tr', { hasText: 'office-move' });
      // its recipients are found by the projector's announcements manager, which this system does not run
      await row.locator('td', { hasText: 'finding recipients…' }).waitFor();
      expect(await row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining(['The office is closed on Friday for the move.', 'everyone', 'e-anna']));
      await page.screenshot({ path: path.join(SHOTS, 'admin-announcements.png'), fullPage: true });
      expect((await read('/company/announcements/office-move')).publishedBy).toBe('e-anna');
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 POST ${adminUrl}/ra/knowledge-sources`]);
      await page.context().close();
    });

    it('an auditor takes and verifies a head checkpoint beside the replay, and no admin page or route is theirs', async () => {
      const page = await newPage();
      await signIn(page, 'e-chloe');
      await page.getByRole('menuitem', { name: 'Audit: checkpoints' }).click();
      await page.getByRole('button', { name: 'Verify every lot' }).click();
      await page
        .getByRole('status', { name: 'Chains' })
        .filter({ hasText: /^(\d+) of \1 lots intact/ })
        .waitFor();
      await page.getByRole('button', { name: 'Take a checkpoint now' }).click();
      const row = page.locator('tr[data-checkpoint]').first();
      await row.waitFor();
      await row.getByRole('button', { name: 'Verify' }).click();
      await row.locator('.verdict', { hasText: /^All \d+ streams still extend it$/ }).waitFor({ timeout: 20_000 }).catch(async (e) => { throw new Error(`verdict: ${await row.locator('.verdict').innerText()}`, { cause: e }); });
      await page.screenshot({ path: path.join(SHOTS, 'admin-audit-checkpoints.png'), fullPage: true });
      expect(errors).toEqual([]);
      // the admin pages are not in an auditor's site, and the back end refuses their data whatever the page asks
      for (const menu of ['Lots', 'Bookings', 'Shill signals', 'Knowledge sources', 'Announcements'])
        expect([menu, await page.getByRole('menuitem', { name: menu, exact: true }).count()]).toEqual([menu, 0]);
      await page.goto(`${adminUrl}#/lots/create`);
      await page.getByText('Not Found').waitFor();
      expect(await page.getByLabel('Title *').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'admin-auditor-refused-page.png') });
      for (const p of [
        './api/rooms/offices/ops/bookings?from=2026-01-01&to=2026-01-02',
        './api/projections/positions',
        './api/auctions/reports/shill',
        './ra/knowledge-sources',
      ])
        expect([p, await page.evaluate((u) => fetch(u).then((r) => r.status), p)]).toEqual([p, 403]);
      await page.context().close();
    });
  });
});
