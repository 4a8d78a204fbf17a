import type { Notice } from '@megabot/contracts';
import { middayZone } from '@megabot/testing';
import request from 'supertest';
// The system test runs the real projector (and its process managers: lots close at their deadline, rooms remind,
// unbound accounts get notices) beside the API, as in production.
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { AuctionProjection } from '../../../projector/src/auction/auction.projection';
import { rebuildProjection } from '../../../projector/src/rebuild';

const TG = { anna: 9100001, boris: 9100002, chloe: 9100003, seller: 9100004, dora: 9100005, erik: 9100006 } as const;

describe('notifications: one outbox for every feature over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  let last = '';
  /** Every notice the test has claimed and confirmed, as the bot would have sent them. */
  const sent: Notice[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['admin'] }, { processManagers: true });
    http = request(system.apiUrl);
    await hireAndBindTelegram(
      system,
      Object.entries(TG).map(([employeeId, telegramUserId]) => ({ employeeId, telegramUserId })),
    );
    await system.employees('admin'); // the bootstrap admin acts through the bot like everyone else
  });
  afterAll(async () => {
    await system.close();
  });

  /** Personal access tokens of employees who act without a bound Telegram account. */
  const tokens: Record<string, Record<string, string>> = {};
  /** The bot acting for an employee's Telegram account (or their token, once they have one). */
  const as = (employee: string) => tokens[employee] ?? (employee in TG ? system.bot(TG[employee as keyof typeof TG]) : system.as(employee));
  const post = async (path: string, actor: string, body: Record<string, unknown> = {}) => {
    const r = await http.post(path).set(as(actor)).send(body).expect(201);
    last = r.body.position;
    return r.body;
  };
  const open = (lotId: string, closesInMs: number, extra: Record<string, unknown> = {}) =>
    post('/auctions', 'seller', {
      lotId,
      kind: 'own_lot',
      title: `Lot ${lotId}`,
      startingPrice: 1000,
      closesAt: new Date(Date.now() + closesInMs).toISOString(),
      ...extra,
    });
  const bid = (lotId: string, actor: string, amount: number) => post(`/auctions/${lotId}/bids`, actor, { amount });
  // the outbox is the bot service's: it claims and confirms for everyone
  const claim = async (body: Record<string, unknown> = {}): Promise<Notice[]> =>
    (await http.post('/notifications/claim').set(system.bot()).send(body).expect(200)).body.items;
  const confirm = (id: string, body: Record<string, unknown> = {}) => http.post(`/notifications/${id}/delivered`).set(system.bot()).send(body);
  /** What the bot does: claims everything due once the read model has the last write, and confirms each notice. */
  const deliverAll = async () => {
    await http.get(`/auctions?waitFor=${last}`).set(as('admin')).expect(200);
    for (let items = await claim({ limit: 100 }); items.length; items = await claim({ limit: 100 })) {
      for (const n of items) {
        sent.push(n);
        await confirm(n.id).expect(200);
      }
    }
  };
  const auctionSent = (employee: string, lotId: string) => sent.filter((n) => n.feature === 'auction' && n.employeeId === employee && n.data.lotId === lotId);
  const kinds = async (employee: string, lotId: string) => {
    await deliverAll();
    return auctionSent(employee, lotId).map((n) => n.kind);
  };
  const until = async <T>(fn: () => Promise<T | undefined | false>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const v = await fn();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('outbid only when a maximum is surpassed; won / lost / sold at the close; each to the bound account', async () => {
    await open('n1', 1500, { rules: { softClose: { maxExtensions: 0 } } });
    await bid('n1', 'anna', 1000);
    await bid('n1', 'boris', 2000); // surpasses anna's maximum
    await bid('n1', 'anna', 5000); // surpasses boris's maximum
    const outbid = await bid('n1', 'boris', 3000); // below anna's maximum: her proxy answers - no news for her
    expect(outbid.outcome).toBe('outbid');
    expect(await kinds('anna', 'n1')).toEqual(['outbid']);
    expect(await kinds('boris', 'n1')).toEqual(['outbid']);
    expect(auctionSent('anna', 'n1')[0]).toMatchObject({
      feature: 'auction',
      telegramUserId: TG.anna,
      data: { lotId: 'n1', category: 'outbid', title: 'Lot n1' },
      attempt: 1,
    });
    // the closing manager closes the lot at its deadline
    await until(async () => (await kinds('anna', 'n1')).includes('won'), 'the close');
    expect(await kinds('anna', 'n1')).toEqual(['outbid', 'won']);
    expect(await kinds('boris', 'n1')).toEqual(['outbid', 'lost']);
    const seller = auctionSent('seller', 'n1');
    expect(seller.map((n) => n.kind)).toEqual(['sold']);
    expect(seller[0]).toMatchObject({ telegramUserId: TG.seller, data: { title: 'Lot n1', price: 3500, winnerId: 'anna', reason: 'highest_bid' } });
  });

  it('a soft-close extension reaches every bidder; a cancellation reaches bidders and the seller', async () => {
    await open('n2', 3 * 60_000);
    await bid('n2', 'anna', 1000); // within 5 minutes of the close: extended
    await bid('n2', 'boris', 2000); // extended again
    expect((await kinds('anna', 'n2')).filter((k) => k === 'extended').length).toBe(2);
    expect((await kinds('boris', 'n2')).filter((k) => k === 'extended').length).toBe(1); // he bid after the first one
    await open('n3', 86_400_000);
    await bid('n3', 'chloe', 1000);
    await post('/auctions/n3/cancel', 'admin', { reason: 'withdrawn by facilities' });
    expect(await kinds('chloe', 'n3')).toEqual(['cancelled']);
    expect(await kinds('seller', 'n3')).toEqual(['cancelled']);
  });

  it('muted categories are not handed out (per employee); unmuted, they go out while fresh', async () => {
    const set = await http
      .put('/notifications/settings')
      .set(as('boris'))
      .send({ muted: ['lot_extended'] })
      .expect(200);
    expect(set.body).toEqual({ employeeId: 'boris', muted: ['lot_extended'] });
    expect((await http.get('/notifications/settings').set(as('boris')).expect(200)).body.muted).toEqual(['lot_extended']);
    await open('n4', 3 * 60_000);
    await bid('n4', 'anna', 1000);
    await bid('n4', 'boris', 2000); // extends: news for anna and boris
    expect(await kinds('boris', 'n4')).toEqual([]);
    expect(await kinds('anna', 'n4')).toContain('extended'); // per employee
    await http
      .put('/notifications/settings')
      .set(as('boris'))
      .send({ muted: ['spam'] })
      .expect(400);
    await http.put('/notifications/settings').set(as('boris')).send({ muted: [] }).expect(200);
    expect(await kinds('boris', 'n4')).toEqual(['extended']);
  });

  it('the language to write in: the /language choice, else the Telegram client language, else null', async () => {
    await http.put(`/bot/users/${TG.anna}/settings`).set(system.bot(TG.anna)).send({ language: 'ru' }).expect(200);
    await http.post('/bot/updates/9109001/claim').set(system.bot()).send({ userId: TG.anna, telegramLanguage: 'en' }).expect(200); // the choice wins
    await http.post('/bot/updates/9109002/claim').set(system.bot()).send({ userId: TG.boris, telegramLanguage: 'en' }).expect(200);
    await open('n5', 86_400_000);
    await bid('n5', 'anna', 1000);
    await bid('n5', 'boris', 2000);
    await bid('n5', 'chloe', 3000);
    await deliverAll();
    const languageOf = (employee: string) => auctionSent(employee, 'n5').map((n) => n.language)[0];
    expect([languageOf('anna'), languageOf('boris')]).toEqual(['ru', 'en']);
    expect(auctionSent('chloe', 'n5')).toEqual([]); // chloe leads: no news for her yet
    await bid('n5', 'anna', 4000);
    await deliverAll();
    expect(languageOf('chloe')).toBeNull(); // never wrote to the bot
  });

  it('a claimed notice is leased: nobody else gets it; unconfirmed, it is due again after the lease, leased twice as long', async () => {
    await open('n6', 86_400_000);
    await bid('n6', 'dora', 1000);
    await bid('n6', 'erik', 2000); // dora is outbid
    await http.get(`/auctions?waitFor=${last}`).set(as('admin')).expect(200);
    const [first, second] = await Promise.all([claim({ limit: 100, leaseSeconds: 1 }), claim({ limit: 100, leaseSeconds: 1 })]);
    const mine = [...first, ...second].filter((n) => n.employeeId === 'dora');
    expect(mine.map((n) => n.kind)).toEqual(['outbid']); // one of the two concurrent claims got it, the other did not
    expect(await claim({ limit: 100 })).toEqual([]); // leased: not handed out
    await new Promise((r) => setTimeout(r, 1100)); // the claimer "crashed": the lease runs out unconfirmed
    const again = (await claim({ limit: 100, leaseSeconds: 2 })).filter((n) => n.employeeId === 'dora');
    expect(again).toEqual([{ ...mine[0], attempt: 2 }]);
    await new Promise((r) => setTimeout(r, 2100)); // past the 2 s asked for: the second lease is twice that, 4 s
    expect((await claim({ limit: 100 })).filter((n) => n.employeeId === 'dora')).toEqual([]);
    await new Promise((r) => setTimeout(r, 2100));
    const third = (await claim({ limit: 100, leaseSeconds: 60 })).filter((n) => n.employeeId === 'dora');
    expect(third.map((n) => n.attempt)).toEqual([3]);
    expect((await confirm(third[0].id).expect(200)).body).toMatchObject({ id: third[0].id, feature: 'auction', outcome: 'delivered', first: true });
  });

  it('many concurrent claimers split the due notices without overlap; at most five per recipient per claim', async () => {
    await open('n7', 86_400_000, { minIncrement: 1 });
    for (let i = 1; i <= 8; i++) {
      await bid('n7', 'erik', 1000 * 2 * i);
      await bid('n7', 'dora', 1000 * (2 * i + 1)); // every bid surpasses the other's maximum: outbid news each time
    }
    await http.get(`/auctions?waitFor=${last}`).set(as('admin')).expect(200);
    const one = await claim({ limit: 100 });
    expect(one.filter((n) => n.employeeId === 'erik')).toHaveLength(5); // of 8
    expect(one.filter((n) => n.employeeId === 'dora')).toHaveLength(5); // of 7
    const claims = await Promise.all(Array.from({ length: 6 }, () => claim({ limit: 3 })));
    const all = [one, ...claims].flat();
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
    expect([all.filter((n) => n.employeeId === 'erik').length, all.filter((n) => n.employeeId === 'dora').length]).toEqual([8, 7]);
    // a recipient's notices in the order they were made
    const erik = one.filter((n) => n.employeeId === 'erik').map((n) => n.createdAt);
    expect([...erik].sort()).toEqual(erik);
    for (const n of all) await confirm(n.id).expect(200);
    await deliverAll();
    expect(auctionSent('erik', 'n7')).toEqual([]);
  });

  it('undeliverable (the user blocked the bot) settles a notice for good; confirmations are idempotent; bad ids are refused', async () => {
    await open('n8', 86_400_000);
    await bid('n8', 'chloe', 1000);
    await bid('n8', 'anna', 2000);
    await http.get(`/auctions?waitFor=${last}`).set(as('admin')).expect(200);
    const [n] = (await claim({ limit: 100, leaseSeconds: 1 })).filter((x) => x.employeeId === 'chloe');
    const d1 = await confirm(n.id, { outcome: 'undeliverable', error: 'Forbidden: bot was blocked by the user' }).expect(200);
    const d2 = await confirm(n.id).expect(200);
    expect([d1.body.first, d2.body.first]).toEqual([true, false]);
    expect(d2.body).toEqual({ ...d1.body, first: false }); // the first outcome stays
    await new Promise((r) => setTimeout(r, 1100));
    expect((await claim({ limit: 100 })).map((x) => x.id)).not.toContain(n.id);
    expect(await system.ds.query(`SELECT outcome, error FROM notify.deliveries WHERE notification_id = $1`, [n.id])).toEqual([
      { outcome: 'undeliverable', error: 'Forbidden: bot was blocked by the user' },
    ]);
    await confirm('00000000-0000-0000-0000-000000000000').expect(404);
    await confirm('not-an-id').expect(400);
    await confirm(n.id, { outcome: 'lost' }).expect(400);
    await http.post('/notifications/claim').set(system.bot()).send({ limit: 0 }).expect(400);
    await http.post('/notifications/claim').set(system.bot()).send({ leaseSeconds: 601 }).expect(400);
    // the per-feature routes are gone: one outbox
    await http.get('/notifications/pending?employee=anna').expect(404);
    await http.get('/rooms/notifications/pending?employee=anna').expect(404);
    await http.get('/identity/notices/pending').expect(404);
  });

  /** Claims (default lease) and confirms everything due, as the bot does; answers the notices of one feature. */
  const deliverFeature = async (feature: Notice['feature']) => {
    const items = await claim({ limit: 100 });
    for (const n of items) {
      sent.push(n);
      await confirm(n.id).expect(200);
    }
    return items.filter((n) => n.feature === feature);
  };

  it('rooms reminders and identity notices come from the same call; a reminder of a booking no longer waiting is not sent', async () => {
    // a time zone where it is about noon now, so a booking starting in two minutes never crosses midnight
    const timeZone = middayZone();
    await post('/rooms/offices', 'admin', { officeId: 'hq', name: 'HQ', timeZone });
    for (const [roomId, name] of [
      ['neva', 'Neva'],
      ['ladoga', 'Ladoga'],
    ]) {
      await post('/rooms/offices/hq/rooms', 'admin', {
        roomId,
        name,
        floor: 1,
        capacity: 6,
        workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
      });
    }
    const startMs = Math.ceil(Date.now() / 60_000) * 60_000 + 2 * 60_000;
    const slot = (fromMin: number, minutes: number) => ({
      start: new Date(startMs + fromMin * 60_000).toISOString(),
      end: new Date(startMs + (fromMin + minutes) * 60_000).toISOString(),
    });
    const kept = await post('/rooms/neva/bookings', 'dora', { title: 'Planning', ...slot(0, 30), attendees: ['erik'] });
    // the reminder manager reminds both participants (check-in opens 5 minutes before the start)
    const reminders: Notice[] = [];
    await until(async () => reminders.push(...(await deliverFeature('rooms'))) >= 2, 'the reminders');
    expect(reminders.map((n) => [n.employeeId, n.kind, n.telegramUserId]).sort()).toEqual([
      ['dora', 'reminder', TG.dora],
      ['erik', 'reminder', TG.erik],
    ]);
    expect(reminders[0].data).toMatchObject({ roomId: 'neva', bookingId: kept.bookingId, seriesId: null, title: 'Planning', roomName: 'Neva' });

    // a second booking: reminded, then cancelled before any bot claimed the reminder - it is not sent
    const dropped = await post('/rooms/ladoga/bookings', 'erik', { title: 'Dropped', ...slot(0, 15) });
    await until(
      async () => (await system.ds.query(`SELECT 1 FROM rooms_outbox.notifications WHERE booking_id = $1`, [dropped.bookingId])).length > 0,
      'its reminder',
    );
    await post(`/rooms/bookings/${dropped.bookingId}/cancel`, 'erik');
    await until(
      async () => (await system.ds.query(`SELECT status FROM rooms.bookings WHERE booking_id = $1`, [dropped.bookingId]))[0]?.status === 'cancelled',
      'the cancellation projected',
    );
    expect((await claim({ limit: 100 })).filter((n) => n.feature === 'rooms')).toEqual([]);

    // an admin unbinds erik's account: the account is told, although nobody is bound to it any more
    await post('/identity/employees/erik/telegram/unbind', 'admin', { comment: 'phone lost' });
    const [notice] = await until(async () => {
      const items = await deliverFeature('identity');
      return items.length ? items : undefined;
    }, 'the identity notice');
    expect(notice).toMatchObject({ feature: 'identity', kind: 'admin', employeeId: 'erik', telegramUserId: TG.erik, data: {}, attempt: 1 });
    // and erik's news stay back: no account is bound to him any more (he still bids, with a personal access token)
    tokens.erik = await system.token('erik');
    await open('n10', 86_400_000);
    await bid('n10', 'erik', 1000);
    await bid('n10', 'dora', 2000);
    await deliverAll();
    expect(await system.ds.query(`SELECT recipient_id, kind FROM auction.notifications WHERE lot_id = 'n10'`)).toEqual([
      { recipient_id: 'erik', kind: 'outbid' },
    ]);
    expect(auctionSent('erik', 'n10')).toEqual([]);
  });

  it('confirmed notices are never handed out again - also after a projection rebuild', async () => {
    await open('n9', 86_400_000);
    await bid('n9', 'anna', 1000);
    await bid('n9', 'boris', 2000);
    await deliverAll();
    expect(auctionSent('anna', 'n9').map((n) => n.kind)).toEqual(['outbid']);

    const rowsBefore = await system.ds.query(`SELECT id, recipient_id, kind FROM auction.notifications ORDER BY id`);
    await system.stopProjector();
    await rebuildProjection(system.store, system.ds, new AuctionProjection());
    system.startProjector();
    // the rebuilt outbox has the same rows with the same ids, and the confirmed ones stay confirmed
    expect(await system.ds.query(`SELECT id, recipient_id, kind FROM auction.notifications ORDER BY id`)).toEqual(rowsBefore);
    expect(await claim({ limit: 100 })).toEqual([]);
  });
});
