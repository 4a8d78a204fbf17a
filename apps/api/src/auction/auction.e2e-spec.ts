import type { INestApplication } from '@nestjs/common';
import { comparePositions, formatPosition, parsePosition, type AuctionEvent } from '@megabot/contracts';
import { auctionDecider, fold, minimumBid, submittedMaximum, upcastAuctionEvent } from '@megabot/domain';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { WriteSides } from '../core/write-side';
import { auctionWriteSide } from '@megabot/domain';

describe.each(['fastify', 'express'] as const)('auction API over HTTP (%s)', (httpAdapter) => {
  let system: TestSystem;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const future = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    // a generous read wait: a loaded machine's projector may trail (the 503 test waits this long)
    system = await startTestSystem({ httpAdapter, dbPoolSize: 4, readWaitTimeoutMs: 10_000, adminEmployeeIds: ['admin'], bidRateLimitPerMinute: 1000 });
    app = system.api;
    http = request(system.apiUrl);
    // Everyone who acts, bound to a Telegram account: the bot acts for them (`observer` only looks; `admin` is the bootstrap admin).
    await system.employees(
      ...['seller', 'anna', 'boris', 'chloe', 'dmitry', 'deputy', 'admin', 'observer'],
      ...Array.from({ length: 60 }, (_, i) => `bidder-${i}`),
    );
  });
  afterAll(async () => {
    await system.close();
  });

  const openLot = (lotId: string, actor = 'seller', extra: Record<string, unknown> = {}) =>
    http
      .post('/auctions')
      .set(system.as(actor))
      .send({ lotId, kind: 'own_lot', title: 'Bike', startingPrice: 1000, minIncrement: 100, closesAt: future(), ...extra });
  const bid = (lotId: string, actor: string, amount: number, key?: string) => {
    const r = http.post(`/auctions/${lotId}/bids`).set(system.as(actor));
    if (key) r.set('idempotency-key', key);
    return r.send({ amount });
  };

  it('opens a lot and reads it back at the returned position', async () => {
    const opened = await openLot('lot-a').expect(201);
    expect(opened.body).toMatchObject({ lotId: 'lot-a', streamId: 'auction-lot-a', revision: 0, duplicate: false });
    expect(opened.body.position).toMatch(/^\d+-\d+$/);
    const lot = await http.get(`/auctions/lot-a?waitFor=${opened.body.position}`).set(system.as('observer')).expect(200);
    expect(lot.body).toMatchObject({ lotId: 'lot-a', status: 'open', currentPrice: null, minimumBid: 1000, bidCount: 0, sellerId: 'seller', bids: [] });
  });

  it('accepts bids, shows price, leader, minimum next bid and history (newest first)', async () => {
    await openLot('lot-b').expect(201);
    await bid('lot-b', 'anna', 1000).expect(201);
    // tiered increments: from 0.00 the step is 5.00 (above the seller's 1.00), so 15.00 is the least that beats anna
    expect((await bid('lot-b', 'boris', 1499).expect(422)).body).toMatchObject({ code: 'auction.bid_too_low', minimum: 1500 });
    const last = await bid('lot-b', 'boris', 1500).expect(201);
    expect(last.body).toMatchObject({ outcome: 'leading', message: 'you lead', leading: true, price: 1500, bidNo: 2, maximum: 1500 });
    const lot = await http.get(`/auctions/lot-b?waitFor=${last.body.position}`).set(system.as('observer')).expect(200);
    expect(lot.body).toMatchObject({ currentPrice: 1500, leaderId: 'boris', leaderAlias: 'Bidder #2', minimumBid: 2000, bidCount: 2 });
    expect(lot.body.bids.map((b: { bidderId: string; amount: number }) => [b.bidderId, b.amount])).toEqual([
      ['boris', 1500],
      ['anna', 1000],
    ]);
    const list = await http.get(`/auctions?kind=own_lot&status=open&limit=100&waitFor=${last.body.position}`).set(system.as('observer')).expect(200);
    expect(list.body.items.map((l: { lotId: string }) => l.lotId)).toEqual(expect.arrayContaining(['lot-a', 'lot-b']));
    expect(list.body.total).toBeGreaterThanOrEqual(2);
  });

  it('answers rule violations as typed problems, never 500', async () => {
    await openLot('lot-c').expect(201);
    const low = await bid('lot-c', 'anna', 999).expect(422);
    expect(low.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(low.body).toMatchObject({ code: 'auction.bid_too_low', minimum: 1000, status: 422, instance: '/auctions/lot-c/bids' });
    expect((await bid('lot-c', 'seller', 5000).expect(422)).body.code).toBe('auction.seller_cannot_bid');
    expect((await bid('lot-missing', 'anna', 5000).expect(404)).body.code).toBe('auction.lot_not_found');
    await bid('lot-c', 'anna', 1000).expect(201);
    expect((await bid('lot-c', 'anna', 1000).expect(409)).body).toMatchObject({ code: 'auction.already_leading', minimum: 1001 });
    // the leader raising their own maximum is accepted, and nothing visible moves
    const raised = await bid('lot-c', 'anna', 2000).expect(201);
    expect(raised.body).toMatchObject({ outcome: 'raised', leading: true, price: null, maximum: 2000 });
    expect((await openLot('lot-c').expect(409)).body.code).toBe('auction.lot_exists');
    expect((await openLot('lot-past', 'seller', { closesAt: '2020-01-01T00:00:00Z' }).expect(422)).body.code).toBe('auction.closing_time_in_past');
    expect((await openLot('lot-hw', 'seller', { kind: 'hardware' }).expect(422)).body.code).toBe('auction.invalid_details');
  });

  it('rejects bad input at the edge with every failing field named', async () => {
    const r = await http.post('/auctions/lot-c/bids').set(system.as('anna')).send({ amount: 10.5, extra: true }).expect(400);
    expect(r.body.code).toBe('validation.failed');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'extra']);
    await http.post('/auctions/lot-c/bids').set(system.as('anna')).send({ amount: 1e13 }).expect(400);
    await http.post('/auctions/lot-c/bids').set(system.as('anna')).send({ amount: '1000' }).expect(400);
    const noActor = await http.post('/auctions/lot-c/bids').send({ amount: 2000 }).expect(401);
    expect(noActor.body.code).toBe('auth.required');
    // a header naming an employee proves nothing
    expect((await http.post('/auctions/lot-c/bids').set('x-employee-id', 'anna').send({ amount: 2000 }).expect(401)).body.code).toBe('auth.required');
    const badAccount = await http.post('/auctions/lot-c/bids').set(system.bot()).set('x-telegram-user-id', 'an na').send({ amount: 2000 }).expect(400);
    expect(badAccount.body.code).toBe('auth.telegram_user_invalid');
    const malformed = await http.post('/auctions').set(system.as('anna')).set('content-type', 'application/json').send('{"kind":').expect(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    await http.get('/auctions?limit=1000').set(system.as('anna')).expect(400);
    await http.get('/auctions/lot-c?waitFor=yesterday').set(system.as('anna')).expect(400);
    await http.get('/auctions/bad%20id').set(system.as('anna')).expect(400);
    await http.get('/nowhere').expect(404);
  });

  it('a retried command (same Idempotency-Key) has one effect and the same answer', async () => {
    await openLot('lot-d').expect(201);
    const first = await bid('lot-d', 'anna', 1000, 'retry-1').expect(201);
    const again = await bid('lot-d', 'anna', 1000, 'retry-1').expect(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const reused = await bid('lot-d', 'anna', 3000, 'retry-1').expect(422);
    expect(reused.body.code).toBe('command.idempotency_key_reused');
    const lot = await http.get(`/auctions/lot-d?waitFor=${first.body.position}`).set(system.as('observer')).expect(200);
    expect(lot.body.bidCount).toBe(1);
  });

  it('a burst of concurrent bids on one lot: read model equals the log', async () => {
    await openLot('lot-hot').expect(201);
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => bid('lot-hot', `bidder-${i}`, 1000 + i * 100)));
    const accepted = responses.filter((r) => r.status === 201);
    expect(responses.every((r) => r.status === 201 || r.status === 422 || r.status === 409)).toBe(true);
    const maxPos = accepted
      .map((r) => parsePosition(r.body.position))
      .sort(comparePositions)
      .map(formatPosition)
      .pop();
    const lot = await http.get(`/auctions/lot-hot?waitFor=${maxPos}`).set(system.as('observer')).expect(200);
    const events = await system.store.readStream('auction-lot-hot');
    // every accepted bid is one maximum; the visible bids are the price changes it caused
    expect(events.filter((e) => submittedMaximum({ type: e.type, data: e.data } as AuctionEvent))).toHaveLength(accepted.length);
    const state = fold(
      auctionDecider,
      events.map((e) => upcastAuctionEvent({ type: e.type, data: e.data } as AuctionEvent)),
    );
    if (state.status !== 'open') throw new Error('lot not open');
    expect(lot.body).toMatchObject({ currentPrice: state.currentPrice, leaderId: state.leaderId, bidCount: state.bidCount, minimumBid: minimumBid(state) });
    expect(lot.body.bidCount).toBe(events.filter((e) => e.type === 'BidPlaced').length);
  });

  it('a command the store refuses (text PostgreSQL cannot hold) fails alone with a 4xx: the bids sent with it on the same lot are stored', async () => {
    await openLot('lot-poison').expect(201);
    await bid('lot-poison', 'anna', 1000).expect(201);
    const voiding = http.post('/auctions/lot-poison/bids/1/void').set(system.as('admin')).send({ reason: 'spam \u0000 \udfff' });
    const responses = await Promise.all([...Array.from({ length: 24 }, (_, i) => bid('lot-poison', `bidder-${i}`, 2000 + i * 100)), voiding]);
    const refused = responses.pop()!;
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    // every valid bid is decided: accepted, or refused by a rule of the auction (bids race each other), never a 5xx
    expect(responses.map((r) => r.status).filter((st) => st !== 201 && st !== 409 && st !== 422)).toEqual([]);
    const accepted = responses.filter((r) => r.status === 201).length;
    expect(accepted).toBeGreaterThan(0);
    const events = await system.store.readStream('auction-lot-poison');
    expect(events.filter((e) => submittedMaximum({ type: e.type, data: e.data } as AuctionEvent))).toHaveLength(accepted + 1);
    expect(events.some((e) => e.type === 'BidVoided')).toBe(false);
  });

  it('waitFor answers 503 while the projector is down and succeeds once it is back', async () => {
    await system.stopProjector();
    await openLot('lot-e').expect(201);
    const placed = await bid('lot-e', 'anna', 1000).expect(201);
    const behind = await http.get(`/auctions/lot-e?waitFor=${placed.body.position}`).set(system.as('observer')).expect(503);
    expect(behind.body.code).toBe('read_model.behind');
    system.startProjector();
    const lot = await http.get(`/auctions/lot-e?waitFor=${placed.body.position}`).set(system.as('observer')).expect(200);
    expect(lot.body.currentPrice).toBe(1000);
  });

  it('serves health and OpenAPI docs', async () => {
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok', checks: { database: 'up', eventStore: 'up' }, parkedEvents: {} });
    await http.get('/docs').expect(200);
    const spec = await http.get('/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/auctions',
        '/auctions/{lotId}/bids',
        '/auctions/{lotId}',
        '/auctions/{lotId}/buy-now',
        '/auctions/{lotId}/bids/{bidNo}/retract',
        '/auctions/{lotId}/bids/{bidNo}/void',
        '/auctions/{lotId}/cancel',
        '/auctions/{lotId}/relist',
        '/auctions/reports/shill',
        '/health',
      ]),
    );
    const open = spec.body.components.schemas.OpenLotDto.properties;
    expect(Object.keys(open)).toEqual(expect.arrayContaining(['reservePrice', 'buyNowPrice', 'delegates', 'rules', 'minIncrement']));
  });

  /* ------------------------------------------------------------ new rules */

  const post = (path: string, actor: string, body: Record<string, unknown> = {}, key?: string) => {
    const r = http.post(path).set(system.as(actor));
    if (key) r.set('idempotency-key', key);
    return r.send(body);
  };
  /** The lot as an employee sees it: the viewer's own maxima (and the reserve for its seller and admins); by default a bystander's view. */
  const read = (lotId: string, position: string, viewer = 'observer') =>
    http
      .get(`/auctions/${lotId}?waitFor=${position}`)
      .set(system.as(viewer))
      .expect(200)
      .then((x) => x.body);

  it('proxy bidding: the answer tells the bidder what happened; an earlier equal maximum keeps the lead', async () => {
    await openLot('lot-proxy').expect(201);
    const a = await bid('lot-proxy', 'anna', 3000).expect(201);
    expect(a.body).toMatchObject({ outcome: 'leading', price: 1000, leading: true });
    const b = await bid('lot-proxy', 'boris', 3000, 'equal-1').expect(201);
    expect(b.body).toMatchObject({ outcome: 'outbid_by_earlier_equal_maximum', message: 'an earlier equal maximum leads', leading: false, price: 3000 });
    // the retry answers the same, read back from the log
    expect((await bid('lot-proxy', 'boris', 3000, 'equal-1').expect(201)).body).toEqual({ ...b.body, duplicate: true });
    const c = await bid('lot-proxy', 'chloe', 3500).expect(201);
    expect(c.body).toMatchObject({ outcome: 'leading', price: 3500 });
    const lot = await read('lot-proxy', c.body.position, 'anna');
    expect(lot).toMatchObject({ currentPrice: 3500, leaderId: 'chloe', minimumBid: 4000 });
    // a viewer sees their own maximum, nobody else's, and no maxima are revealed before the close
    expect(lot.viewer).toMatchObject({ employeeId: 'anna', maximum: 3000, leading: false });
    expect(lot.viewer.maxima.map((m: { bidNo: number }) => m.bidNo)).toEqual([1]);
    expect(lot.revealedMaxima).toBeNull();
    expect(JSON.stringify(await read('lot-proxy', c.body.position))).not.toContain('"maximum":3000');
    // "my bids"
    const mine = await http.get(`/auctions?bidder=anna&waitFor=${c.body.position}`).set(system.as('anna')).expect(200);
    expect(mine.body.items.map((l: { lotId: string }) => l.lotId)).toContain('lot-proxy');
    expect(mine.body.items.map((l: { lotId: string }) => l.lotId)).not.toContain('lot-a');
    expect((await http.get('/auctions?bidder=anna').set(system.as('boris')).expect(403)).body.code).toBe('auction.not_your_bids');
  });

  it('reserve, buy-now, delegates and rule overrides; the reserve amount only for the seller and admins', async () => {
    const opened = await openLot('lot-r', 'seller', {
      reservePrice: 5000,
      buyNowPrice: 9000,
      delegates: ['deputy'],
      rules: { incrementTiers: [{ from: 0, increment: 100 }], softClose: { windowMinutes: 2 } },
    }).expect(201);
    let lot = await read('lot-r', opened.body.position);
    expect(lot).toMatchObject({ reserve: 'not_met', reservePrice: null, buyNowPrice: 9000, minimumBid: 1000 });
    expect((await read('lot-r', opened.body.position, 'seller')).reservePrice).toBe(5000);
    expect((await read('lot-r', opened.body.position, 'admin')).reservePrice).toBe(5000);
    expect((await read('lot-r', opened.body.position, 'anna')).reservePrice).toBeNull();
    expect((await bid('lot-r', 'deputy', 2000).expect(422)).body.code).toBe('auction.delegate_cannot_bid');
    const first = await bid('lot-r', 'anna', 2000).expect(201);
    lot = await read('lot-r', first.body.position);
    // flat 1.00 step from the rules; buy-now still there while the reserve is not met
    expect(lot).toMatchObject({ currentPrice: 1000, minimumBid: 1100, reserve: 'not_met', buyNowPrice: 9000 });
    const met = await bid('lot-r', 'boris', 6000).expect(201);
    expect(met.body).toMatchObject({ outcome: 'leading', price: 5000 }); // jumps to the reserve
    lot = await read('lot-r', met.body.position);
    expect(lot).toMatchObject({ currentPrice: 5000, reserve: 'met', buyNowPrice: null });
    expect((await post('/auctions/lot-r/buy-now', 'chloe').expect(409)).body).toMatchObject({ code: 'auction.buy_now_unavailable', reason: 'expired' });
    // invalid rules are refused by the domain (422) or at the edge (400)
    expect((await openLot('lot-bad-rules', 'seller', { rules: { incrementTiers: [{ from: 5, increment: 10 }] } }).expect(422)).body.code).toBe(
      'auction.invalid_rules',
    );
    expect((await openLot('lot-bad-reserve', 'seller', { reservePrice: 500 }).expect(422)).body.code).toBe('auction.invalid_reserve');
    const bad = await openLot('lot-bad-dto', 'seller', { rules: { incrementTiers: [{ from: -1 }] }, delegates: ['no spaces'] }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'delegates',
      'rules.incrementTiers.0.from',
      'rules.incrementTiers.0.increment',
    ]);
  });

  it('buy-now closes the lot at once for the buyer', async () => {
    await openLot('lot-bn', 'seller', { buyNowPrice: 4000 }).expect(201);
    const bought = await post('/auctions/lot-bn/buy-now', 'dmitry', {}, 'bn-1').expect(201);
    expect(bought.body).toMatchObject({ streamId: 'auction-lot-bn', duplicate: false });
    const lot = await read('lot-bn', bought.body.position);
    expect(lot).toMatchObject({
      status: 'closed',
      outcome: 'sold',
      winnerId: 'dmitry',
      finalPrice: 4000,
      closeReason: 'buy_now',
      minimumBid: null,
      buyNowPrice: null,
    });
    expect((await bid('lot-bn', 'anna', 5000).expect(409)).body.code).toBe('auction.bidding_ended');
    expect((await post('/auctions/lot-a/buy-now', 'dmitry').expect(409)).body).toMatchObject({ reason: 'not_offered' });
  });

  it('retract and void: the price and leader are recomputed from the remaining bids', async () => {
    // closing in a day: retraction is locked in the last hour before the close
    await openLot('lot-rv', 'seller', { closesAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    await bid('lot-rv', 'anna', 1000).expect(201);
    const b = await bid('lot-rv', 'boris', 3000).expect(201);
    const c = await bid('lot-rv', 'chloe', 5000).expect(201);
    expect((await read('lot-rv', c.body.position)).currentPrice).toBe(3500);
    expect((await post(`/auctions/lot-rv/bids/${b.body.bidNo}/retract`, 'anna').expect(422)).body.code).toBe('auction.not_your_bid');
    const retracted = await post(`/auctions/lot-rv/bids/${c.body.bidNo}/retract`, 'chloe').expect(201);
    let lot = await read('lot-rv', retracted.body.position, 'chloe');
    expect(lot).toMatchObject({ currentPrice: 1500, leaderId: 'boris' });
    expect(lot.viewer).toMatchObject({ maximum: null, maxima: [{ bidNo: c.body.bidNo, status: 'retracted' }] });
    expect(lot.bids.find((x: { bidNo: number }) => x.bidNo === c.body.bidNo).status).toBe('retracted');
    // voiding is for admins: refused at the door (the route's policy), before the domain is asked
    expect((await post(`/auctions/lot-rv/bids/${b.body.bidNo}/void`, 'anna', { reason: 'test' }).expect(403)).body.code).toBe('auth.admin_required');
    await post(`/auctions/lot-rv/bids/${b.body.bidNo}/void`, 'admin', {}).expect(400);
    const voided = await post(`/auctions/lot-rv/bids/${b.body.bidNo}/void`, 'admin', { reason: 'colluding with the seller' }).expect(201);
    lot = await read('lot-rv', voided.body.position);
    expect(lot).toMatchObject({ currentPrice: 1000, leaderId: 'anna', minimumBid: 1500 });
    await post('/auctions/lot-rv/bids/abc/retract', 'anna').expect(400);
    expect((await post('/auctions/lot-rv/bids/99/retract', 'anna').expect(404)).body.code).toBe('auction.bid_not_found');
  });

  it('cancel: the seller while nobody bids, an admin with a reason; a cancelled lot takes no bids', async () => {
    const own = await openLot('lot-cx').expect(201);
    expect((await post('/auctions/lot-cx/cancel', 'anna').expect(422)).body.code).toBe('auction.not_seller_or_admin');
    const cancelled = await post('/auctions/lot-cx/cancel', 'seller', { reason: 'changed my mind' }).expect(201);
    expect(cancelled.body.revision).toBeGreaterThan(own.body.revision);
    expect(await read('lot-cx', cancelled.body.position)).toMatchObject({ status: 'cancelled', minimumBid: null });
    expect((await bid('lot-cx', 'anna', 1000).expect(409)).body.code).toBe('auction.lot_cancelled');
    const list = await http.get(`/auctions?status=cancelled&waitFor=${cancelled.body.position}`).set(system.as('observer')).expect(200);
    expect(list.body.items.map((l: { lotId: string }) => l.lotId)).toEqual(['lot-cx']);

    await openLot('lot-cy').expect(201);
    await bid('lot-cy', 'anna', 1000).expect(201);
    expect((await post('/auctions/lot-cy/cancel', 'seller').expect(409)).body.code).toBe('auction.has_bids');
    expect((await post('/auctions/lot-cy/cancel', 'admin').expect(422)).body.code).toBe('auction.reason_required');
    await post('/auctions/lot-cy/cancel', 'admin', { reason: 'duplicate listing' }).expect(201);
  });

  it('company lots need an admin opener; "my lots" and "ending soon" filters', async () => {
    const hardware = { kind: 'hardware', details: { inventoryTag: 'INV-1', condition: 'good' } };
    expect((await openLot('lot-hw1', 'anna', hardware).expect(422)).body.code).toBe('auction.admin_required');
    const ok = await openLot('lot-hw1', 'admin', { ...hardware, sellerId: 'it-department', closesAt: new Date(Date.now() + 20 * 60_000).toISOString() }).expect(
      201,
    );
    const mine = await http.get(`/auctions?seller=it-department&waitFor=${ok.body.position}`).set(system.as('observer')).expect(200);
    expect(mine.body.items.map((l: { lotId: string }) => l.lotId)).toEqual(['lot-hw1']);
    const soon = await http.get(`/auctions?endingWithinMinutes=30&waitFor=${ok.body.position}`).set(system.as('observer')).expect(200);
    expect(soon.body.items.map((l: { lotId: string }) => l.lotId)).toEqual(['lot-hw1']);
    await http.get('/auctions?endingWithinMinutes=0').set(system.as('observer')).expect(400);
  });

  it('relist: an unsold lot after its close, with bids cleared', async () => {
    await openLot('lot-rl', 'seller', { closesAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
    expect((await post('/auctions/lot-rl/relist', 'seller', { closesAt: future() }).expect(409)).body).toMatchObject({
      code: 'auction.not_relistable',
      status: 409,
      currentStatus: 'open', // the lot's status, kept apart from the HTTP status
    });
    await new Promise((r) => setTimeout(r, 1600));
    await app.get(WriteSides).of(auctionWriteSide).execute({ type: 'CloseLot', lotId: 'lot-rl' }, { commandId: 'close-lot-rl', actorId: 'closing' });
    expect((await post('/auctions/lot-rl/relist', 'anna', { closesAt: future() }).expect(422)).body.code).toBe('auction.not_seller_or_admin');
    const relisted = await post('/auctions/lot-rl/relist', 'seller', { closesAt: future(), startingPrice: 800, buyNowPrice: 3000 }).expect(201);
    const lot = await read('lot-rl', relisted.body.position);
    expect(lot).toMatchObject({ status: 'open', round: 2, startingPrice: 800, minimumBid: 800, buyNowPrice: 3000, currentPrice: null, closeReason: null });
    const again = await bid('lot-rl', 'anna', 800).expect(201);
    expect(again.body.bidNo).toBe(1);
  });
});

describe('auction API: bidder masking and the bid rate limit', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem({ httpAdapter: 'fastify', dbPoolSize: 4, readWaitTimeoutMs: 2000, maskBidders: true, bidRateLimitPerMinute: 3 });
    http = request(system.apiUrl);
    await system.employees('seller', 'anna', 'boris', 'chloe', 'dmitry', 'observer');
  });
  afterAll(async () => {
    await system.close();
  });

  const bid = (actor: string, amount: number) => http.post('/auctions/m1/bids').set(system.as(actor)).send({ amount });

  it('shows other bidders as "Bidder #n" and the viewer as themselves', async () => {
    await http
      .post('/auctions')
      .set(system.as('seller'))
      .send({ lotId: 'm1', kind: 'own_lot', title: 'Lamp', startingPrice: 1000, closesAt: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(201);
    await bid('anna', 1000).expect(201);
    const last = await bid('boris', 2000).expect(201);
    // a bystander (an employee who did not bid) sees aliases only
    const bystander = (await http.get(`/auctions/m1?waitFor=${last.body.position}`).set(system.as('observer')).expect(200)).body;
    expect(bystander).toMatchObject({ leaderId: null, leaderAlias: 'Bidder #2' });
    expect(bystander.bids.map((b: { bidderId: string | null; bidderAlias: string }) => [b.bidderId, b.bidderAlias])).toEqual([
      [null, 'Bidder #2'],
      [null, 'Bidder #1'],
    ]);
    expect(JSON.stringify(bystander)).not.toMatch(/anna|boris/);
    const boris = (await http.get('/auctions/m1').set(system.as('boris')).expect(200)).body;
    expect(boris).toMatchObject({ leaderId: 'boris', leaderAlias: 'Bidder #2' });
    const list = (await http.get('/auctions').set(system.as('observer')).expect(200)).body;
    expect(list.items[0]).toMatchObject({ leaderId: null, leaderAlias: 'Bidder #2' });
  });

  it('answers 429 problem+json with Retry-After above the per-employee limit', async () => {
    await bid('chloe', 3000).expect(201);
    await bid('chloe', 4000).expect(201);
    await bid('chloe', 5000).expect(201);
    const limited = await bid('chloe', 6000).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ code: 'auction.rate_limited', status: 429, limitPerMinute: 3 });
    await bid('dmitry', 7000).expect(201); // others are not affected
  });
});
