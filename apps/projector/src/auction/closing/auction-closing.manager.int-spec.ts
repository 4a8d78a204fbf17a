import { auctionStreamId } from '@megabot/contracts';
import { auctionWriteSide, type AuctionCommand } from '@megabot/domain';
import { StreamCommandProcessor, PostgresEventStore } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import type { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../projection-runner';
import { AuctionProjection } from '../auction.projection';
import { AuctionClosingManager } from './auction-closing.manager';

const [db] = testDatabases();
const MIN = 60_000;

describe('auction closing process manager', () => {
  let scratch: ScratchStores;
  let store: PostgresEventStore;
  let ds: DataSource;
  let runner: ProjectionRunner;
  // A controllable clock shared by "the API" (opening, bidding) and the managers.
  let now = Date.parse('2026-11-25T10:00:00.000Z');
  const clock = () => new Date(now);
  const T0 = now;
  let n = 0;

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
    ({ store, ds } = scratch);
    runner = new ProjectionRunner(store, ds, new AuctionProjection());
    runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await scratch.close();
  });

  const api = () => new StreamCommandProcessor(store, auctionWriteSide, { clock });
  const send = (command: AuctionCommand) => api().execute(command, { commandId: `cmd-${n++}`, actorId: 'test' });
  const open = (lotId: string, closesInMinutes: number) =>
    send({
      type: 'OpenLot',
      lotId,
      kind: 'own_lot',
      title: lotId,
      description: '',
      sellerId: 'seller',
      startingPrice: 1000,
      closesAt: new Date(now + closesInMinutes * MIN).toISOString(),
      details: {},
      openedBy: { employeeId: 'seller', roles: ['employee'] },
    });
  const closedEvents = async (lotId: string) => (await store.readStream(auctionStreamId(lotId))).filter((e) => e.type === 'LotClosed');
  const projected = async (lotId: string, cond: (row: Record<string, any>) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const [row] = await ds.query(`SELECT * FROM auction.lots WHERE lot_id = $1`, [lotId]);
      if (row && cond(row)) return row;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`read model of ${lotId} did not get there`);
  };
  const manager = () => new AuctionClosingManager(store, ds, { clock, pollMs: 20 });

  it('stopped before the deadline and started after it: the lot is closed exactly once, at the restart', async () => {
    now = T0;
    await open('c-restart', 10);
    await send({ type: 'PlaceBid', lotId: 'c-restart', bidderId: 'anna', amount: 1000 });
    await projected('c-restart', (r) => r.bid_count === 1);
    const first = manager();
    first.start();
    await new Promise((r) => setTimeout(r, 100)); // it looks several times: nothing is due
    await first.stop();
    expect(await closedEvents('c-restart')).toHaveLength(0);

    now = T0 + 11 * MIN; // the deadline passes while no manager runs
    const second = manager();
    second.start();
    const row = await projected('c-restart', (r) => r.status === 'closed');
    await second.stop();
    expect(row).toMatchObject({ outcome: 'sold', winner_id: 'anna', close_reason: 'highest_bid' });
    const closed = await closedEvents('c-restart');
    expect(closed).toHaveLength(1);
    expect((closed[0].data as { closedAt: string }).closedAt).toBe(new Date(T0 + 11 * MIN).toISOString());
    // and a third run, later, changes nothing
    now += MIN;
    expect(await manager().tick()).toEqual({ due: 0, closed: 0 });
    expect(await closedEvents('c-restart')).toHaveLength(1);
  });

  it('two instances racing over the same due lots: each lot closed exactly once', async () => {
    now = T0;
    const lots = Array.from({ length: 20 }, (_, i) => `c-race-${i}`);
    for (const id of lots) await open(id, 5);
    await projected(lots[lots.length - 1], () => true);
    now = T0 + 6 * MIN;
    const [a, b] = [manager(), manager()];
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.due).toBe(20);
    expect(rb.due).toBe(20);
    expect(ra.closed + rb.closed).toBe(20); // every lot closed by one of them, never both
    for (const id of lots) expect(await closedEvents(id)).toHaveLength(1);
  });

  it('a soft-close extension moves the close', async () => {
    now = T0;
    await open('c-extend', 10);
    now = T0 + 8 * MIN; // inside the 5-minute window: the close moves to 8 + 5 = 13
    await send({ type: 'PlaceBid', lotId: 'c-extend', bidderId: 'anna', amount: 1000 });
    const m = manager();
    now = T0 + 11 * MIN; // past the original deadline, before the extended one
    expect((await m.tick()).closed).toBe(0);
    await projected('c-extend', (r) => r.extensions === 1);
    expect((await m.tick()).closed).toBe(0);
    expect(await closedEvents('c-extend')).toHaveLength(0);
    now = T0 + 13 * MIN;
    expect(await m.tick()).toEqual({ due: 1, closed: 1 });
    const closed = await closedEvents('c-extend');
    expect(closed).toHaveLength(1);
    expect((closed[0].data as { closedAt: string }).closedAt).toBe(new Date(T0 + 13 * MIN).toISOString());
  });

  it('a stale read model (extension not projected yet) never closes early', async () => {
    now = T0;
    await open('c-stale', 10);
    await projected('c-stale', () => true);
    await runner.stop(); // the projector falls behind
    now = T0 + 9 * MIN;
    await send({ type: 'PlaceBid', lotId: 'c-stale', bidderId: 'anna', amount: 1000 }); // extends to 14
    now = T0 + 10 * MIN + 1;
    const m = manager();
    expect(await m.tick()).toEqual({ due: 1, closed: 0 }); // the read model says due; the stream says not yet
    expect(await closedEvents('c-stale')).toHaveLength(0);
    runner = new ProjectionRunner(store, ds, new AuctionProjection());
    runner.start();
    await projected('c-stale', (r) => r.extensions === 1);
    now = T0 + 14 * MIN;
    expect((await m.tick()).closed).toBe(1);
  });
});
