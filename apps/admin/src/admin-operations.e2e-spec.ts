import * as path from 'node:path';
import { WriteSides } from '../../api/src/core/write-side';
import { auctionWriteSide } from '@megabot/domain';
import { describeAdminSite, SHOTS } from '../../../tools/testing/admin-site';

/** Company lots, relist and price charts, live lists and the shill report, bookings calendars, knowledge sources, announcements, auditors' checkpoints. */
describeAdminSite('admin site in headless Chromium: operations', (site) => {
  const { newPage, signIn, command, until, column } = site;

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
    const read = async (p: string, as = 'e-anna') => (await fetch(`${site.system.apiUrl}${p}`, { headers: site.system.as(as) })).json() as Promise<any>;

    beforeAll(() => site.system.employees('e-xena', 'e-yuri'));

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
      const boris = site.system.telegramIdOf('e-boris');
      const before = site.emu.control.messages(boris, { direction: 'out' }).length;
      site.emu.control.sendMessage({ userId: boris, text: '/lots' });
      const list = await until(
        () =>
          site.emu.control
            .messages(boris, { direction: 'out' })
            .slice(before)
            .find((m: any) => /Open lots/.test(m.text ?? '')) as any,
        "Boris's list of lots",
      );
      expect(list.text).toContain('Parking spot P-7, January');
      expect(site.errors.filter((e) => !/status of 422/.test(e))).toEqual([`422 POST ${site.adminUrl}/ra/lots`]);
      await page.context().close();
    });

    it('an admin relists an unsold lot; its price chart follows the bids', async () => {
      await ownLot('relist-me', 'e-xena', 1500);
      await new Promise((r) => setTimeout(r, 1600));
      // the closing manager's command (this system runs no process managers)
      await site.system.api
        .get(WriteSides)
        .of(auctionWriteSide)
        .execute({ type: 'CloseLot', lotId: 'relist-me' }, { commandId: 'close-relist-me', actorId: 'closing' });
      await until(async () => (await read('/auctions/relist-me')).status === 'closed', 'the lot closed');
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
      await page.goto(`${site.adminUrl}#/lots/relist-me/show`);
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
      expect(site.errors).toEqual([]);
      await page.context().close();
    });

    it('a lot list updates by itself when the read side moves; the shill report names the pair bidding on each other', async () => {
      const page = await newPage();
      await signIn(page, 'e-anna');
      await page.getByRole('menuitem', { name: 'Lots', exact: true }).waitFor();
      await page.goto(`${site.adminUrl}#/lots?filter=${encodeURIComponent('{"q":"shill lot x"}')}`);
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
      expect(site.errors).toEqual([]);
      await page.context().close();
    });

    it("the bookings calendar shows the office's day and week, and a booking made through the API appears without a reload; the calendar and the lots in Russian", async () => {
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
      await page.goto(`${site.adminUrl}#/bookings?office=ops&date=${tomorrow}`);
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
      expect(site.errors).toEqual([]);
      // the room's hours and policy: a wrong time is refused by the API at its (nested) field, then saved
      await page.goto(`${site.adminUrl}#/rooms/ops-volga`);
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
      expect(site.errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 PUT ${site.adminUrl}/ra/rooms/ops-volga`]);
      // the calendar and the lots in Russian
      await page.getByRole('button', { name: 'Language: English' }).click();
      await page.getByRole('menuitem', { name: 'Русский' }).click();
      await page.goto(`${site.adminUrl}#/bookings?office=ops&date=${tomorrow}&view=week&room=ops-volga`);
      await page.getByText(/^Неделя с \d{4}-\d{2}-\d{2}: броней: 1$/).waitFor();
      await page.getByRole('button', { name: 'Сегодня' }).waitFor();
      await page.getByRole('grid', { name: 'Календарь на неделю' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-ru-bookings-week.png'), fullPage: true });
      await page.goto(`${site.adminUrl}#/lots`);
      await page.getByPlaceholder('Название или id лота').waitFor();
      await page.getByRole('link', { name: 'Новый лот компании' }).waitFor();
      await page.locator('#react-admin-title', { hasText: 'Лоты' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-ru-lots.png'), fullPage: true });
      await page.context().close();
    });

    it("an admin adds a knowledge source by its credential's name only and asks for a sync; publishes an announcement and withdraws it", async () => {
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
      // its recipients are found by the projector's announcements manager within a poll or two: before or after that
      await row.locator('td', { hasText: /^finding recipients…$|^\d+ of \d+ sent, / }).waitFor();
      expect(await row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining(['The office is closed on Friday for the move.', 'everyone', 'e-anna']));
      await page.screenshot({ path: path.join(SHOTS, 'admin-announcements.png'), fullPage: true });
      expect((await read('/company/announcements/office-move')).publishedBy).toBe('e-anna');
      // withdrawn from its row: the event carries the admin's reason, the row says so
      await row.getByRole('button', { name: 'Withdraw' }).click();
      await page.getByRole('dialog').getByLabel('Reason (kept in the log)').fill('Move postponed');
      await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
      await page.getByText('Withdrawn: the notices not sent yet stay back').waitFor();
      await row.getByText('Withdrawn', { exact: true }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-announcement-withdrawn.png'), fullPage: true });
      const [, withdrawn] = await site.system.store.readStream('company-announcement-office-move');
      expect(withdrawn).toMatchObject({ type: 'AnnouncementWithdrawn', data: { reason: 'Move postponed', withdrawnBy: 'e-anna' } });
      expect(site.errors.filter((e) => !/status of 400/.test(e))).toEqual([`400 POST ${site.adminUrl}/ra/knowledge-sources`]);
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
      // The projector may have taken an hourly checkpoint already: the new one is the row that appears on top, pinned
      // by its id (a row found as "the first" could be the old one, and the new one slide above it before the verdict).
      const rows = page.locator('tr[data-checkpoint]');
      const before = await rows.count();
      await page.getByRole('button', { name: 'Take a checkpoint now' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('tr[data-checkpoint]').length > n, before);
      const row = page.locator(`tr[data-checkpoint="${await rows.first().getAttribute('data-checkpoint')}"]`);
      await row.getByRole('button', { name: 'Verify' }).click();
      await row
        .locator('.verdict', { hasText: /^All \d+ streams still extend it$/ })
        .waitFor({ timeout: 20_000 })
        .catch(async (e) => {
          throw new Error(`verdict: ${await row.locator('.verdict').innerText()}`, { cause: e });
        });
      await page.screenshot({ path: path.join(SHOTS, 'admin-audit-checkpoints.png'), fullPage: true });
      expect(site.errors).toEqual([]);
      // the admin pages are not in an auditor's site, and the back end refuses their data whatever the page asks
      for (const menu of ['Lots', 'Bookings', 'Shill signals', 'Knowledge sources', 'Announcements'])
        expect([menu, await page.getByRole('menuitem', { name: menu, exact: true }).count()]).toEqual([menu, 0]);
      await page.goto(`${site.adminUrl}#/lots/create`);
      await page.getByText('Not Found').waitFor();
      expect(await page.getByLabel('Title *').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'admin-auditor-refused-page.png') });
      for (const p of ['./api/rooms/offices/ops/bookings?from=2026-01-01&to=2026-01-02', './api/auctions/reports/shill', './ra/knowledge-sources'])
        expect([p, await page.evaluate((u) => fetch(u).then((r) => r.status), p)]).toEqual([p, 403]);
      await page.context().close();
    });
  });
});
