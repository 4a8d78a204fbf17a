import type { INestApplication } from '@nestjs/common';
import { comparePositions, formatPosition, parsePosition } from '@megabot/contracts';
import { PostgresEventStore } from '@megabot/event-store';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { createScratchDatabase, testDatabases } from '@megabot/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
// The system test runs the real projector beside the API, as in production.
import { AuctionProjection } from '../../../projector/src/auction/auction.projection';
import { ProjectionRunner } from '../../../projector/src/projection-runner';
import { createApiApp } from '../bootstrap';

const [db] = testDatabases();

describe.each(['fastify', 'express'] as const)('auction API over HTTP (%s)', (httpAdapter) => {
  let drop: () => Promise<void>;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let store: PostgresEventStore;
  let ds: DataSource;
  let runner: ProjectionRunner;
  const future = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    const scratch = await createScratchDatabase(db.url);
    drop = scratch.drop;
    store = await PostgresEventStore.create({ connectionString: scratch.url });
    ds = createReadModelDataSource(scratch.url, { poolSize: 3 });
    await ds.initialize();
    await migrateReadModel(ds);
    runner = new ProjectionRunner(store, ds, new AuctionProjection());
    runner.start();
    app = await createApiApp({ databaseUrl: scratch.url, httpAdapter, dbPoolSize: 4, readWaitTimeoutMs: 400 }, false);
    await app.listen(0, '127.0.0.1');
    http = request(await app.getUrl());
  });
  afterAll(async () => {
    await app.close();
    await runner.stop();
    await store.close();
    await ds.destroy();
    await drop();
  });

  const openLot = (lotId: string, actor = 'seller', extra: Record<string, unknown> = {}) =>
    http
      .post('/auctions')
      .set('x-employee-id', actor)
      .send({ lotId, kind: 'own_lot', title: 'Bike', startingPrice: 1000, minIncrement: 100, closesAt: future(), ...extra });
  const bid = (lotId: string, actor: string, amount: number, key?: string) => {
    const r = http.post(`/auctions/${lotId}/bids`).set('x-employee-id', actor);
    if (key) r.set('idempotency-key', key);
    return r.send({ amount });
  };

  it('opens a lot and reads it back at the returned position', async () => {
    const opened = await openLot('lot-a').expect(201);
    expect(opened.body).toMatchObject({ lotId: 'lot-a', streamId: 'auction-lot-a', revision: 0, duplicate: false });
    expect(opened.body.position).toMatch(/^\d+-\d+$/);
    const lot = await http.get(`/auctions/lot-a?waitFor=${opened.body.position}`).expect(200);
    expect(lot.body).toMatchObject({ lotId: 'lot-a', status: 'open', currentPrice: null, minimumBid: 1000, bidCount: 0, sellerId: 'seller', bids: [] });
  });

  it('accepts bids, shows price, leader, minimum next bid and history (newest first)', async () => {
    await openLot('lot-b').expect(201);
    await bid('lot-b', 'anna', 1000).expect(201);
    const last = await bid('lot-b', 'boris', 1250).expect(201);
    const lot = await http.get(`/auctions/lot-b?waitFor=${last.body.position}`).expect(200);
    expect(lot.body).toMatchObject({ currentPrice: 1250, leaderId: 'boris', minimumBid: 1350, bidCount: 2 });
    expect(lot.body.bids.map((b: { bidderId: string; amount: number }) => [b.bidderId, b.amount])).toEqual([
      ['boris', 1250],
      ['anna', 1000],
    ]);
    const list = await http.get(`/auctions?kind=own_lot&status=open&limit=100&waitFor=${last.body.position}`).expect(200);
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
    expect((await bid('lot-c', 'anna', 2000).expect(409)).body.code).toBe('auction.already_leading');
    expect((await openLot('lot-c').expect(409)).body.code).toBe('auction.lot_exists');
    expect((await openLot('lot-past', 'seller', { closesAt: '2020-01-01T00:00:00Z' }).expect(422)).body.code).toBe('auction.closing_time_in_past');
    expect((await openLot('lot-hw', 'seller', { kind: 'hardware' }).expect(422)).body.code).toBe('auction.invalid_details');
  });

  it('rejects bad input at the edge with every failing field named', async () => {
    const r = await http.post('/auctions/lot-c/bids').set('x-employee-id', 'anna').send({ amount: 10.5, extra: true }).expect(400);
    expect(r.body.code).toBe('validation.failed');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'extra']);
    await http.post('/auctions/lot-c/bids').set('x-employee-id', 'anna').send({ amount: 1e13 }).expect(400);
    await http.post('/auctions/lot-c/bids').set('x-employee-id', 'anna').send({ amount: '1000' }).expect(400);
    const noActor = await http.post('/auctions/lot-c/bids').send({ amount: 2000 }).expect(401);
    expect(noActor.body.code).toBe('auth.actor_missing');
    await http.post('/auctions/lot-c/bids').set('x-employee-id', 'an na').send({ amount: 2000 }).expect(400);
    const malformed = await http.post('/auctions').set('x-employee-id', 'anna').set('content-type', 'application/json').send('{"kind":').expect(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    await http.get('/auctions?limit=1000').expect(400);
    await http.get('/auctions/lot-c?waitFor=yesterday').expect(400);
    await http.get('/auctions/bad%20id').expect(400);
    await http.get('/nowhere').expect(404);
  });

  it('a retried command (same Idempotency-Key) has one effect and the same answer', async () => {
    await openLot('lot-d').expect(201);
    const first = await bid('lot-d', 'anna', 1000, 'retry-1').expect(201);
    const again = await bid('lot-d', 'anna', 1000, 'retry-1').expect(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const reused = await bid('lot-d', 'anna', 3000, 'retry-1').expect(422);
    expect(reused.body.code).toBe('command.idempotency_key_reused');
    const lot = await http.get(`/auctions/lot-d?waitFor=${first.body.position}`).expect(200);
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
    const lot = await http.get(`/auctions/lot-hot?waitFor=${maxPos}`).expect(200);
    const events = (await store.readStream('auction-lot-hot')).filter((e) => e.type === 'BidPlaced');
    expect(events).toHaveLength(accepted.length);
    expect(lot.body.bidCount).toBe(accepted.length);
    const last = events[events.length - 1].data as { amount: number; bidderId: string };
    expect(lot.body).toMatchObject({ currentPrice: last.amount, leaderId: last.bidderId });
  });

  it('waitFor answers 503 while the projector is down and succeeds once it is back', async () => {
    await runner.stop();
    await openLot('lot-e').expect(201);
    const placed = await bid('lot-e', 'anna', 1000).expect(201);
    const behind = await http.get(`/auctions/lot-e?waitFor=${placed.body.position}`).expect(503);
    expect(behind.body.code).toBe('read_model.behind');
    runner = new ProjectionRunner(store, ds, new AuctionProjection());
    runner.start();
    const lot = await http.get(`/auctions/lot-e?waitFor=${placed.body.position}`).expect(200);
    expect(lot.body.currentPrice).toBe(1000);
  });

  it('serves health and OpenAPI docs', async () => {
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok', checks: { database: 'up', eventStore: 'up' } });
    await http.get('/docs').expect(200);
    const spec = await http.get('/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/auctions', '/auctions/{lotId}/bids', '/auctions/{lotId}', '/health']));
  });
});
