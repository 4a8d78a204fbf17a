import { formatPosition } from '@megabot/contracts';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { AuctionProjection } from '../../../projector/src/auction/auction.projection';
import { rebuildProjection } from '../../../projector/src/rebuild';
import { WriteSides } from '../core/write-side';
import { auctionWriteSide } from '@megabot/domain';

describe('notifications outbox over HTTP', () => {
  let system: TestSystem;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let last = '';

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['admin'] });
    app = system.api;
    http = request(system.apiUrl);
  });
  afterAll(async () => {
    await system.close();
  });

  const post = async (path: string, actor: string, body: Record<string, unknown> = {}) => {
    const r = await http.post(path).set('x-employee-id', actor).send(body).expect(201);
    last = r.body.position;
    return r.body;
  };
  const open = (lotId: string, closesInMs: number, extra: Record<string, unknown> = {}) =>
    post('/auctions', 'seller', { lotId, kind: 'own_lot', title: `Lot ${lotId}`, startingPrice: 1000, closesAt: new Date(Date.now() + closesInMs).toISOString(), ...extra });
  const bid = (lotId: string, actor: string, amount: number) => post(`/auctions/${lotId}/bids`, actor, { amount });
  /** Pending notifications once the read model has the last write. */
  const pending = async (employee: string) => {
    await http.get(`/auctions?waitFor=${last}`).expect(200);
    const r = await http.get(`/notifications/pending?employee=${employee}&limit=100`).expect(200);
    return r.body.items as { id: string; kind: string; category: string; lotId: string; data: Record<string, unknown> }[];
  };
  const kinds = async (employee: string, lotId: string) => (await pending(employee)).filter((n) => n.lotId === lotId).map((n) => n.kind);

  it('outbid only when a maximum is surpassed; won / lost / sold at the close', async () => {
    await open('n1', 1500, { rules: { softClose: { maxExtensions: 0 } } });
    await bid('n1', 'anna', 1000);
    await bid('n1', 'boris', 2000); // surpasses anna's maximum
    await bid('n1', 'anna', 5000); // surpasses boris's maximum
    const outbid = await bid('n1', 'boris', 3000); // below anna's maximum: her proxy answers - no news for her
    expect(outbid.outcome).toBe('outbid');
    expect(await kinds('anna', 'n1')).toEqual(['outbid']);
    expect(await kinds('boris', 'n1')).toEqual(['outbid']);
    await new Promise((r) => setTimeout(r, 1600));
    const closed = await app.get(WriteSides).of(auctionWriteSide).execute({ type: 'CloseLot', lotId: 'n1' }, { commandId: 'close-n1', actorId: 'closing' });
    last = formatPosition(closed.position);
    expect(await kinds('anna', 'n1')).toEqual(['outbid', 'won']);
    expect(await kinds('boris', 'n1')).toEqual(['outbid', 'lost']);
    const seller = (await pending('seller')).filter((n) => n.lotId === 'n1');
    expect(seller.map((n) => n.kind)).toEqual(['sold']);
    expect(seller[0].data).toMatchObject({ title: 'Lot n1', price: 3500, winnerId: 'anna', reason: 'highest_bid' });
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

  it('muted categories are not handed out', async () => {
    const set = await http.put('/notifications/settings').set('x-employee-id', 'boris').send({ muted: ['lot_extended'] }).expect(200);
    expect(set.body).toEqual({ employeeId: 'boris', muted: ['lot_extended'] });
    expect((await http.get('/notifications/settings').set('x-employee-id', 'boris').expect(200)).body.muted).toEqual(['lot_extended']);
    expect((await pending('boris')).map((n) => n.category)).not.toContain('lot_extended');
    expect((await pending('anna')).map((n) => n.category)).toContain('lot_extended'); // per employee
    await http.put('/notifications/settings').set('x-employee-id', 'boris').send({ muted: ['spam'] }).expect(400);
    await http.put('/notifications/settings').set('x-employee-id', 'boris').send({ muted: [] }).expect(200);
    expect((await pending('boris')).map((n) => n.category)).toContain('lot_extended');
  });

  it('delivered notifications are never pending again - also after a projection rebuild', async () => {
    const before = await pending('anna');
    expect(before.length).toBeGreaterThan(2);
    const [first, ...rest] = before;
    const d1 = await http.post(`/notifications/${first.id}/delivered`).expect(200);
    const d2 = await http.post(`/notifications/${first.id}/delivered`).expect(200); // idempotent
    expect([d1.body.first, d2.body.first]).toEqual([true, false]); // only the first mark may send
    expect(d2.body).toEqual({ ...d1.body, first: false });
    expect((await pending('anna')).map((n) => n.id)).toEqual(rest.map((n) => n.id));
    await http.post('/notifications/00000000-0000-0000-0000-000000000000/delivered').expect(404);
    await http.post('/notifications/not-an-id/delivered').expect(400);
    await http.get('/notifications/pending').expect(400);

    const rowsBefore = await system.ds.query(`SELECT id, recipient_id, kind FROM auction.notifications ORDER BY id`);
    await system.stopProjector();
    await rebuildProjection(system.store, system.ds, new AuctionProjection());
    system.startProjector();
    // the rebuilt outbox has the same rows with the same ids, and the delivered one stays delivered
    expect(await system.ds.query(`SELECT id, recipient_id, kind FROM auction.notifications ORDER BY id`)).toEqual(rowsBefore);
    expect((await pending('anna')).map((n) => n.id)).toEqual(rest.map((n) => n.id));
  });
});
