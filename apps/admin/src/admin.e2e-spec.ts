import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeAdminSite, SHOTS } from '../../../tools/testing/admin-site';

/** Signing in, the lots, the dashboard, hiring, cancelling and voiding, door displays, the auditors' replay. */
describeAdminSite('admin site in headless Chromium: sign-in through the bot, lists, forms, actions, audit replay', (site) => {
  const { newPage, signIn, command, until, column } = site;

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
    await fetch(`${site.system.apiUrl}/auctions/lot-12?waitFor=${last!.position}`, { headers: site.system.as('e-anna') });

    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${site.adminUrl}#/lots`);
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
    await page.goto(`${site.adminUrl}#/lots?sort=bidCount&order=DESC&page=1&perPage=10&filter=%7B%7D`);
    await until(async () => (await page.locator('tbody tr td.column-lotId').first().innerText()) === 'lot-03', 'the lot with a bid first');
    expect(site.errors).toEqual([]);
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
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it("hiring with a wrong e-mail shows the API's message at the field", async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    await page.goto(`${site.adminUrl}#/employees/create`);
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
    expect(site.errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 POST ${site.adminUrl}/ra/employees`]);
    await page.context().close();
  });

  it("an admin cancels a lot from its page: the event log records the admin's id and command", async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${site.adminUrl}#/lots/lot-05/show`);
    await page.getByRole('button', { name: 'Cancel lot' }).click();
    await page.getByLabel('Reason (kept in the log)').fill('Listed twice by mistake');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel lot' }).click();
    await page.getByText('The lot is cancelled').waitFor();
    const events = await until(async () => {
      const res = await fetch(`${site.system.apiUrl}/audit/auctions/lot-05/events`, { headers: site.system.as('e-anna') });
      const body = (await res.json()) as { events: { type: string; actorId: string; commandId: string; data: any }[] };
      return body.events.some((e) => e.type === 'LotCancelled') && body.events;
    }, 'the cancellation in the event log');
    const cancelled = events.find((e) => e.type === 'LotCancelled')!;
    expect(cancelled).toMatchObject({ actorId: 'e-anna', data: expect.objectContaining({ reason: 'Listed twice by mistake' }) });
    expect(cancelled.commandId).toMatch(/^e-anna\/[0-9a-f-]{36}$/); // the page's Idempotency-Key, scoped by the API to its employee
    await page.screenshot({ path: path.join(SHOTS, 'admin-lot-cancelled.png') });
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it('an admin voids a bid with a reason, registers a door display and sees what its panel shows', async () => {
    const bid = await command('/auctions/lot-04/bids', 'e-chloe', { amount: 20_000 });
    await fetch(`${site.system.apiUrl}/auctions/lot-04?waitFor=${bid.position}`, { headers: site.system.as('e-anna') });
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
    await page.goto(`${site.adminUrl}#/lots/lot-04/show`);
    await page.locator('td.column-status', { hasText: 'active' }).waitFor();
    await page.getByRole('button', { name: 'Void a bid' }).click();
    await page.getByLabel('Bid number').fill(String(bid.bidNo));
    await page.getByLabel('Reason (kept in the log)').fill('Bid placed for the seller');
    await page.getByRole('dialog').getByRole('button', { name: 'Void a bid' }).click();
    await page.getByText('The bid is void').waitFor();
    await page.locator('td.column-status', { hasText: 'voided' }).waitFor();
    const voided = await until(async () => {
      const res = await fetch(`${site.system.apiUrl}/audit/auctions/lot-04/events`, { headers: site.system.as('e-anna') });
      return ((await res.json()) as { events: { type: string; actorId: string; data: any }[] }).events.find((e) => e.type === 'BidVoided');
    }, 'the voided bid in the event log');
    expect(voided).toMatchObject({ actorId: 'e-anna', data: expect.objectContaining({ reason: 'Bid placed for the seller' }) });

    expect(site.errors).toEqual([]);
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
    // a lot opened meanwhile appears without a reload: the list follows the log
    await command('/auctions', 'e-boris', {
      lotId: 'lot-03-live',
      kind: 'own_lot',
      title: 'Opened while an auditor looks',
      startingPrice: 1_000,
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await column(page, 'lotId', ['lot-03', 'lot-03-live']);
    await page.locator('tbody tr td.column-lotId').getByText('lot-03', { exact: true }).click();
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
    expect(site.errors).toEqual([]);
    // the admin resources are refused to an auditor by the back end, whatever the page asks
    expect(await page.evaluate(() => fetch('./ra/employees').then((r) => r.status))).toBe(403);
    expect(await page.evaluate(() => fetch('./api/auctions').then((r) => r.status))).toBe(403);
    await page.context().close();
  });
});
