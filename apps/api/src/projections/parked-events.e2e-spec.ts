import { auctionStreamId } from '@megabot/contracts';
import { bidPlacedEvent, lotOpenedEvent } from '@megabot/testing';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

describe('events a projection could not apply, over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    await system.employees('admin', 'anna');
  });
  afterAll(async () => {
    await system.close();
  });

  const waitFor = async <T>(read: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const v = await read();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('the projector parks an event the auction projection cannot store and goes on; health, metrics and admins see it; admins decide', async () => {
    const lotId = 'lot-poisoned';
    const stream = auctionStreamId(lotId);
    // Written past the command path (as an old release or a migration might have): an amount the read model cannot hold.
    const bad = bidPlacedEvent(lotId, 'anna', 100);
    (bad.data as { amount: unknown }).amount = 'a lot';
    await system.store.append(stream, [lotOpenedEvent(lotId), bad], 'no_stream');
    const later = 'lot-after';
    await system.store.append(auctionStreamId(later), [lotOpenedEvent(later)], 'no_stream');

    const list = () => http.get('/projections/parked').set(system.as('admin'));
    const parked = await waitFor(async () => (await list().expect(200)).body.find((p: { eventId: string }) => p.eventId === bad.id), 'the event parked');
    expect(parked).toMatchObject({ projection: 'auction', streamId: stream, revision: 1, eventType: 'BidPlaced', state: 'parked', failures: 1 });
    expect(parked.error).toMatch(/invalid input syntax|NaN|numeric|bigint/i);
    // the projection went on: the later lot is there
    await waitFor(async () => ((await http.get(`/auctions/${later}`).set(system.as('anna'))).status === 200 ? true : undefined), 'the later lot');

    expect((await http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', parkedEvents: { auction: { parked: 1, blocking: 0 } } });
    // the dashboard's overview shows it among the recent problems, on the auction projection's line
    const overview = (await http.get('/projections/overview').set(system.as('admin')).expect(200)).body;
    expect(overview.problems).toEqual(expect.arrayContaining([expect.objectContaining({ projection: 'auction', eventId: bad.id, eventType: 'BidPlaced' })]));
    expect(overview.projections).toEqual(expect.arrayContaining([expect.objectContaining({ projection: 'auction', parked: 1, blocking: 0 })]));
    expect((await http.get('/metrics').expect(200)).body).toMatchObject({ parkedEvents: { auction: { parked: 1 } } });

    // only admins see and decide
    await http.get('/projections/parked').set(system.as('anna')).expect(403);
    await http.post(`/projections/parked/auction/${bad.id}/skip`).set(system.as('anna')).expect(403);

    // a retry of an event that is still bad fails again and parks it again
    expect((await http.post(`/projections/parked/auction/${bad.id}/retry`).set(system.as('admin')).expect(202)).body).toMatchObject({ state: 'retry' });
    const again = await waitFor(async () => {
      const row = (await list().expect(200)).body.find((p: { eventId: string }) => p.eventId === bad.id);
      return row?.failures === 2 ? row : undefined;
    }, 'the retry to fail');
    expect(again).toMatchObject({ state: 'parked', decidedBy: 'admin' });

    const skipped = await http.post(`/projections/parked/auction/${bad.id}/skip`).set(system.as('admin')).expect(200);
    expect(skipped.body).toMatchObject({ state: 'skipped', decidedBy: 'admin' });
    expect((await list().expect(200)).body.find((p: { eventId: string }) => p.eventId === bad.id)).toBeUndefined();
    expect((await http.get('/projections/parked?includeSkipped=true').set(system.as('admin')).expect(200)).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ eventId: bad.id, state: 'skipped' })]),
    );
    expect((await http.get('/health').expect(200)).body.parkedEvents).toEqual({});
    expect((await http.post(`/projections/parked/auction/${bad.id}/retry`).set(system.as('admin')).expect(409)).body.code).toBe(
      'projections.parked_event_decided',
    );
    expect((await http.post('/projections/parked/auction/00000000-0000-0000-0000-000000000000/skip').set(system.as('admin')).expect(404)).body.code).toBe(
      'projections.parked_event_not_found',
    );
    await http.get('/projections/parked?includeSkipped=maybe').set(system.as('admin')).expect(400);
  });

  it("the dashboard's overview counts the day from the features' read models, and only admins read it", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const since = new Date(Date.now() - 60_000).toISOString();
    const before = (await http.get(`/projections/overview?since=${since}`).set(system.as('admin')).expect(200)).body;
    const opened = await http
      .post('/auctions')
      .set(system.as('admin'))
      .send({ lotId: 'lot-dash', kind: 'own_lot', title: 'Chair', startingPrice: 100, minIncrement: 10, closesAt: future })
      .expect(201);
    const bid = await http.post('/auctions/lot-dash/bids').set(system.as('anna')).send({ amount: 100 }).expect(201);
    await http.get(`/auctions/lot-dash?waitFor=${bid.body.position}`).set(system.as('anna')).expect(200);
    expect(opened.body.position).toBeDefined();
    const after = (await http.get(`/projections/overview?since=${since}`).set(system.as('admin')).expect(200)).body;
    expect(after.counters.openLots).toBe(before.counters.openLots + 1);
    expect(after.counters.bidsSince).toBe(before.counters.bidsSince + 1);
    expect(after.bidsByHour).toHaveLength(24);
    expect(after.bidsByHour[23]).toBeGreaterThanOrEqual(1);
    expect(after.counters).toMatchObject({ activeEmployees: 2, verifiedEmployees: 2, displays: 0, displaysNeedingAttention: 0 });
    expect(after.projections.map((p: { projection: string }) => p.projection)).toEqual(expect.arrayContaining(['auction', 'identity', 'rooms']));
    // only admins; "today" must be a real, recent time
    await http.get('/projections/overview').set(system.as('anna')).expect(403);
    await http.get('/projections/overview').expect(401);
    for (const bad of ['yesterday', '2020-01-01T00:00:00Z', new Date(Date.now() + 3_600_000).toISOString()])
      expect(
        (
          await http
            .get(`/projections/overview?since=${encodeURIComponent(bad)}`)
            .set(system.as('admin'))
            .expect(400)
        ).body.code,
      ).toBe('validation.failed');
  });
});
