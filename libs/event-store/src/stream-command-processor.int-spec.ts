import { randomUUID } from 'node:crypto';
import { auctionDecider, DomainError, fold, type AuctionCommand, type AuctionState } from '@megabot/domain';
import type { AuctionEvent } from '@megabot/contracts';
import { dropSchema, testDatabases, uniqueName } from '@megabot/testing';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { StreamCommandProcessor } from './stream-command-processor';

const databases = testDatabases();

describe.each(databases)('StreamCommandProcessor on $name', ({ url }) => {
  const schema = uniqueName('es');
  let store: PostgresEventStore;
  const T0 = new Date('2026-11-25T10:00:00Z');
  const clock = () => T0;
  beforeAll(async () => {
    store = await PostgresEventStore.create({ connectionString: url, schema, poolSize: 6 });
  });
  afterAll(async () => {
    await store.close();
    await dropSchema(url, schema);
  });

  const processor = () => new StreamCommandProcessor(store, auctionDecider, { clock });
  const open = (lotId: string): AuctionCommand => ({
    type: 'OpenLot',
    lotId,
    kind: 'own_lot',
    title: 'Bike',
    description: '',
    sellerId: 'seller',
    startingPrice: 100,
    minIncrement: 10,
    closesAt: '2026-11-26T10:00:00Z',
    details: {},
  });
  const env = (actorId: string, commandId = randomUUID()) => ({ commandId, actorId, commandHash: undefined as string | undefined });

  it('two processes bidding on one hot lot: every accepted bid stored once, state equals a fresh fold', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    const b = processor();
    await a.execute(stream, open(lotId), env('seller'));
    let accepted = 0;
    let rejected = 0;
    const acceptedIds = new Set<string>();
    const bidders = Array.from({ length: 40 }, (_, i) => `bidder-${i}`);
    await Promise.all(
      bidders.map(async (bidder, i) => {
        const p = i % 2 ? a : b;
        for (let n = 0; n < 10; n++) {
          const { state } = await p.current(stream);
          const s = state as Extract<AuctionState, { status: 'open' | 'closed' }>;
          const amount = (s.currentPrice ?? 90) + 10 + (i % 3) * 10;
          const e = env(bidder);
          try {
            await p.execute(stream, { type: 'PlaceBid', lotId, bidderId: bidder, amount }, e);
            accepted++;
            acceptedIds.add(e.commandId);
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            rejected++;
          }
        }
      }),
    );
    const events = await store.readStream(stream);
    const bids = events.filter((e) => e.type === 'BidPlaced');
    expect(bids).toHaveLength(accepted);
    expect(new Set(bids.map((e) => e.metadata.commandId))).toEqual(acceptedIds);
    expect(accepted + rejected).toBe(400);
    expect(a.stats.conflicts + b.stats.conflicts).toBeGreaterThan(0); // the two "processes" did race
    // prices strictly increase in stream order: no lost update
    const prices = bids.map((e) => (e.data as { amount: number }).amount);
    for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeGreaterThan(prices[i - 1]);
    const folded = fold(auctionDecider, events.map((e) => ({ type: e.type, data: e.data }) as AuctionEvent));
    expect((await processor().current(stream)).state).toEqual(folded);
  });

  it('the same command id twice has one effect and the same answer, also from another process', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(stream, open(lotId), env('seller'));
    const e = env('anna');
    const cmd: AuctionCommand = { type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 };
    const [first, second] = await Promise.all([a.execute(stream, cmd, e), a.execute(stream, cmd, e)]);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.revision).toBe(first.revision);
    expect(second.position).toEqual(first.position);
    const fresh = processor(); // a process that never saw it
    const third = await fresh.execute(stream, cmd, e);
    expect(third).toMatchObject({ duplicate: true, revision: first.revision, position: first.position });
    expect((await store.readStream(stream)).filter((x) => x.type === 'BidPlaced')).toHaveLength(1);
  });

  it('refuses an idempotency key reused for a different command', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(stream, open(lotId), env('seller'));
    const id = randomUUID();
    await a.execute(stream, { type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 }, { commandId: id, commandHash: 'h1' });
    await expect(
      a.execute(stream, { type: 'PlaceBid', lotId, bidderId: 'anna', amount: 500 }, { commandId: id, commandHash: 'h2' }),
    ).rejects.toMatchObject({ code: 'command.idempotency_key_reused' });
  });

  it('writes envelope metadata on every event', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    const e = { commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actorId: 'seller' };
    await a.execute(stream, open(lotId), e);
    const [opened] = await store.readStream(stream);
    expect(opened.metadata).toMatchObject({ ...e, occurredAt: T0.toISOString(), schemaVersion: 1 });
  });

  it('a rejected command writes nothing and does not block the queue', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(stream, open(lotId), env('seller'));
    const results = await Promise.allSettled([
      a.execute(stream, { type: 'PlaceBid', lotId, bidderId: 'seller', amount: 1000 }, env('seller')),
      a.execute(stream, { type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 }, env('anna')),
      a.execute(stream, { type: 'PlaceBid', lotId, bidderId: 'boris', amount: 105 }, env('boris')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'auction.bid_too_low' });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['LotOpened', 'BidPlaced']);
  });
});
