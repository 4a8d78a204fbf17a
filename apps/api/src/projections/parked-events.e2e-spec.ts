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
});
