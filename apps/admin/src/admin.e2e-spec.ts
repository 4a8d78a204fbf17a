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
});
