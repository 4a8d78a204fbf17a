import { randomUUID } from 'node:crypto';
import {
  auctionDecider,
  auctionWriteSide,
  DomainError,
  fold,
  submittedMaximum,
  type AuctionCommand,
  type AuctionState,
  type Decider,
  type WriteSideDefinition,
} from '@megabot/domain';
import type { AuctionEvent } from '@megabot/contracts';
import { verifyChain } from './hash-chain';
import { dropSchema, testDatabases, uniqueName } from '@megabot/testing';
import { EventDataRefusedError, type RecordedEvent } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { StreamCommandProcessor } from './stream-command-processor';

/** The maximum a stored auction event carries (a MaximumSet, or the BidPlaced of a bid that moved the price). */
const maximumOf = (e: RecordedEvent) => submittedMaximum({ type: e.type, data: e.data } as AuctionEvent);

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

  // The auction writer as the API and the closing manager run it (schema versions, upcaster, hash chain).
  const processor = () => new StreamCommandProcessor(store, auctionWriteSide, { clock });
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
    // A flat step keeps the amounts below meaningful (the default tiers start at 5.00).
    rules: { incrementTiers: [{ from: 0, increment: 10 }] },
  });
  const env = (actorId: string, commandId = randomUUID()) => ({ commandId, actorId });

  it('two processes bidding on one hot lot: every accepted maximum stored once, state equals a fresh fold', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    const b = processor();
    await a.execute(open(lotId), env('seller'));
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
            await p.execute({ type: 'PlaceBid', lotId, bidderId: bidder, amount }, e);
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
    // Every accepted command sets one maximum: a BidPlaced carrying it when the price moved, else a MaximumSet
    // (a leader raising their own maximum, or an equal maximum, moves nothing visible).
    const maxima = events.filter((e) => maximumOf(e));
    expect(maxima).toHaveLength(accepted);
    expect(new Set(maxima.map((e) => e.metadata.commandId))).toEqual(acceptedIds);
    expect(accepted + rejected).toBe(400);
    const bids = events.filter((e) => e.type === 'BidPlaced');
    expect(bids.length).toBeGreaterThan(0);
    expect(bids.length).toBeLessThanOrEqual(accepted);
    // a visible price change is always caused by a maximum of the same command
    for (const b of bids) expect(maxima.some((m) => m.metadata.commandId === b.metadata.commandId)).toBe(true);
    expect(a.stats.conflicts + b.stats.conflicts).toBeGreaterThan(0); // the two "processes" did race
    // prices strictly increase in stream order: no lost update
    const prices = bids.map((e) => (e.data as { amount: number }).amount);
    for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeGreaterThan(prices[i - 1]);
    const folded = fold(
      auctionDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as AuctionEvent),
    );
    expect((await processor().current(stream)).state).toEqual(folded);
    // Both writers kept one hash chain through every conflict and retry.
    expect(verifyChain(stream, events)).toMatchObject({ status: 'intact', events: events.length, unchained: 0 });
  });

  it('the same command id twice has one effect and the same answer, also from another process', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(open(lotId), env('seller'));
    const e = env('anna');
    const cmd: AuctionCommand = { type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 };
    const [first, second] = await Promise.all([a.execute(cmd, e), a.execute(cmd, e)]);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.revision).toBe(first.revision);
    expect(second.position).toEqual(first.position);
    expect(first.events.map((x) => x.type)).toEqual(['BidPlaced']);
    expect(second.events).toEqual(first.events); // a retry learns what its command did
    await a.execute({ type: 'PlaceBid', lotId, bidderId: 'boris', amount: 300 }, env('boris')); // later events do not leak into the answer
    const fresh = processor(); // a process that never saw it
    const third = await fresh.execute(cmd, e);
    expect(third).toMatchObject({ duplicate: true, revision: first.revision, position: first.position });
    expect(third.events).toEqual(first.events);
    expect((await a.execute(cmd, e)).events).toEqual(first.events);
    expect((await store.readStream(stream)).filter((x) => x.metadata.commandId === e.commandId).map((x) => x.type)).toEqual(['BidPlaced']);
  });

  it('remembers a bounded window of command ids; a retry of an older one is still answered from the store, once', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = new StreamCommandProcessor(store, auctionWriteSide, { clock, idempotencyWindow: 3 });
    await a.execute(open(lotId), env('seller'));
    const bids = Array.from({ length: 12 }, (_, i) => ({
      cmd: { type: 'PlaceBid', lotId, bidderId: `b${i}`, amount: 100 + 10 * i } as AuctionCommand,
      e: { ...env(`b${i}`), commandHash: `h${i}` },
    }));
    const outcomes = [];
    for (const b of bids) outcomes.push(await a.execute(b.cmd, b.e));
    const before = (await store.readStream(stream)).length;
    // the first bids left the window long ago: each retry is looked up, answered as it was, and writes nothing
    for (const i of [0, 1, 5]) {
      const again = await a.execute(bids[i].cmd, bids[i].e);
      expect(again).toMatchObject({ duplicate: true, revision: outcomes[i].revision, position: outcomes[i].position });
      expect(again.events).toEqual(outcomes[i].events);
    }
    expect(a.stats.recalls).toBe(3);
    // a reused key with other content is still refused, from the store's record of it
    await expect(a.execute(bids[2].cmd, { ...bids[2].e, commandHash: 'other' })).rejects.toMatchObject({ code: 'command.idempotency_key_reused' });
    expect((await store.readStream(stream)).length).toBe(before);
    // recent ones come from memory; new ones are not looked up (the filter has never seen them)
    expect((await a.execute(bids[11].cmd, bids[11].e)).duplicate).toBe(true);
    const recallsBefore = a.stats.recalls;
    for (let i = 0; i < 20; i++) await a.execute({ type: 'PlaceBid', lotId, bidderId: `c${i}`, amount: 300 + 10 * i }, env(`c${i}`));
    expect(a.stats.recalls).toBe(recallsBefore);
    const folded = fold(
      auctionDecider,
      (await store.readStream(stream)).map((x) => ({ type: x.type, data: x.data }) as AuctionEvent),
    );
    expect((await a.current(stream)).state).toEqual(folded);
  });

  it('refuses an idempotency key reused for a different command', async () => {
    const lotId = randomUUID();
    const a = processor();
    await a.execute(open(lotId), env('seller'));
    const id = randomUUID();
    await a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 }, { commandId: id, commandHash: 'h1' });
    await expect(a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 500 }, { commandId: id, commandHash: 'h2' })).rejects.toMatchObject({
      code: 'command.idempotency_key_reused',
    });
  });

  it('writes envelope metadata on every event', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    const e = { commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actorId: 'seller' };
    await a.execute(open(lotId), e);
    await a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 }, env('anna'));
    await a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 200 }, env('anna')); // a raise: nothing visible moves
    const [opened, placed, raised] = await store.readStream(stream);
    expect(opened.metadata).toMatchObject({ ...e, occurredAt: T0.toISOString(), schemaVersion: 2 });
    expect([placed.type, placed.metadata.schemaVersion]).toEqual(['BidPlaced', 3]);
    expect([raised.type, raised.metadata.schemaVersion]).toEqual(['MaximumSet', 1]);
  });

  it('upcasts stored events by their schema version before folding', async () => {
    // A toy counter whose v1 events carried `n`, renamed to `amount` in v2.
    type Added = { type: 'Added'; data: { amount: number } };
    const counter: Decider<{ type: 'Add'; amount: number }, Added, number> = {
      initialState: 0,
      evolve: (s, e) => s + e.data.amount,
      decide: (_s, c) => [{ type: 'Added', data: { amount: c.amount } }],
    };
    const stream = `counter-${randomUUID()}`;
    await store.append(
      stream,
      [{ id: randomUUID(), type: 'Added', data: { n: 5 }, metadata: { occurredAt: T0.toISOString(), schemaVersion: 1 } }],
      'no_stream',
    );
    const plain: WriteSideDefinition<{ type: 'Add'; amount: number }, Added, number> = {
      name: 'counter',
      decider: counter,
      streamOf: () => stream,
      schemaVersionOf: () => 2,
    };
    const upcast = (e: { type: string; data: unknown }, version: number): Added =>
      version === 1 ? { type: 'Added', data: { amount: (e.data as { n: number }).n } } : (e as Added);
    const upcasting = new StreamCommandProcessor(store, { ...plain, upcast }, { clock });
    await upcasting.execute({ type: 'Add', amount: 2 }, env('x'));
    expect((await upcasting.current(stream)).state).toBe(7);
    expect((await store.readStream(stream)).map((e) => e.metadata.schemaVersion)).toEqual([1, 2]);
    expect((await new StreamCommandProcessor(store, { ...plain, upcast }, { clock }).current(stream)).state).toBe(7);
    // without the upcaster the old event folds to nothing: the definition's upcaster is what makes it count
    expect(Number.isNaN((await new StreamCommandProcessor(store, plain, { clock }).current(stream)).state)).toBe(true);
  });

  it('readers at once, and a command among them, fold each stored event once', async () => {
    type Added = { type: 'Added'; data: { amount: number } };
    const counter: Decider<{ type: 'Add'; amount: number }, Added, number> = {
      initialState: 0,
      evolve: (s, e) => s + e.data.amount,
      decide: (_s, c) => [{ type: 'Added', data: { amount: c.amount } }],
    };
    const stream = `counter-${randomUUID()}`;
    const definition: WriteSideDefinition<{ type: 'Add'; amount: number }, Added, number> = {
      name: 'counter',
      decider: counter,
      streamOf: () => stream,
      schemaVersionOf: () => 1,
    };
    const writer = new StreamCommandProcessor(store, definition, { clock });
    for (let i = 0; i < 3; i++) await writer.execute({ type: 'Add', amount: 1 }, env('x'));
    const reader = new StreamCommandProcessor(store, definition, { clock });
    // A cold cache read by many callers at once: one read of the stream, not one fold per caller.
    expect((await Promise.all(Array.from({ length: 10 }, () => reader.current(stream)))).map((r) => r.state)).toEqual(Array(10).fill(3));
    await writer.execute({ type: 'Add', amount: 1 }, env('x')); // another process writes
    const [fresh, , decided] = await Promise.all([
      reader.fresh(stream),
      reader.fresh(stream),
      reader.execute({ type: 'Add', amount: 10 }, env('y')),
      reader.fresh(stream),
    ]);
    expect(fresh.state).toBeGreaterThanOrEqual(4);
    expect(decided.revision).toBe(4n);
    expect((await reader.fresh(stream)).state).toBe(14);
    expect((await new StreamCommandProcessor(store, definition, { clock }).current(stream)).state).toBe(14);
  });

  it('folds a stream written before proxy bidding (LotOpened v1, BidPlaced v1) and keeps deciding by its old terms', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const meta = { occurredAt: T0.toISOString(), schemaVersion: 1 };
    await store.append(
      stream,
      [
        {
          id: randomUUID(),
          type: 'LotOpened',
          data: { ...open(lotId), rules: undefined, type: undefined, opensAt: T0.toISOString(), currency: 'RUB' },
          metadata: meta,
        },
        { id: randomUUID(), type: 'BidPlaced', data: { lotId, bidderId: 'anna', amount: 100, placedAt: T0.toISOString() }, metadata: meta },
      ],
      'no_stream',
    );
    const a = processor();
    // v1 terms: the fixed increment 10 is the only tier, so 110 is enough
    await expect(a.execute({ type: 'PlaceBid', lotId, bidderId: 'boris', amount: 109 }, env('boris'))).rejects.toMatchObject({ details: { minimum: 110 } });
    const r = await a.execute({ type: 'PlaceBid', lotId, bidderId: 'boris', amount: 110 }, env('boris'));
    expect(r.events.map((e) => e.type)).toEqual(['BidPlaced']);
    expect((r.events[0].data as { bidNo: number }).bidNo).toBe(2); // the v1 bid counted as #1
  });

  it('a rejected command writes nothing and does not block the queue', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(open(lotId), env('seller'));
    const results = await Promise.allSettled([
      a.execute({ type: 'PlaceBid', lotId, bidderId: 'seller', amount: 1000 }, env('seller')),
      a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 100 }, env('anna')),
      a.execute({ type: 'PlaceBid', lotId, bidderId: 'boris', amount: 105 }, env('boris')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'auction.bid_too_low' });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['LotOpened', 'BidPlaced']);
  });

  it('a command whose events the store refuses fails alone: the valid bids of its batch on the same lot all succeed', async () => {
    const lotId = randomUUID();
    const stream = `auction-${lotId}`;
    const a = processor();
    await a.execute(open(lotId), env('seller'));
    // One queue, decided in this order: every valid bid beats the one before it.
    const valid = Array.from({ length: 12 }, (_, i) => ({ bidderId: `bidder-${i}`, amount: 100 + 10 * i }));
    const results = await Promise.allSettled([
      ...valid.slice(0, 5).map((b) => a.execute({ type: 'PlaceBid', lotId, ...b }, env(b.bidderId))),
      a.execute({ type: 'PlaceBid', lotId, bidderId: 'mallory\u0000', amount: 10_000 }, env('mallory')),
      ...valid.slice(5, 9).map((b) => a.execute({ type: 'PlaceBid', lotId, ...b }, env(b.bidderId))),
      a.execute({ type: 'PlaceBid', lotId, bidderId: 'eve\udfff', amount: 20_000 }, env('eve')),
      ...valid.slice(9).map((b) => a.execute({ type: 'PlaceBid', lotId, ...b }, env(b.bidderId))),
    ]);
    const bad = [results[5], results[10]];
    const good = results.filter((r) => !bad.includes(r));
    expect(good.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(Array(12).fill('fulfilled'));
    for (const r of bad) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(EventDataRefusedError);
    }
    const events = await store.readStream(stream);
    expect(events.map((e) => maximumOf(e)?.bidderId).filter(Boolean)).toEqual(valid.map((b) => b.bidderId));
    expect(verifyChain(stream, events)).toMatchObject({ status: 'intact', events: events.length, unchained: 0 });
    // the cached state is the stored one, and the lot goes on taking bids
    expect((await a.current(stream)).state).toEqual(
      fold(
        auctionDecider,
        events.map((e) => ({ type: e.type, data: e.data }) as AuctionEvent),
      ),
    );
    await a.execute({ type: 'PlaceBid', lotId, bidderId: 'anna', amount: 1000 }, env('anna'));
  });

  it('a refused command among other streams of one group commit fails nobody else', async () => {
    const lots = Array.from({ length: 6 }, () => randomUUID());
    const a = processor();
    await Promise.all(lots.map((lotId) => a.execute(open(lotId), env('seller'))));
    const results = await Promise.allSettled(
      lots.map((lotId, i) => a.execute({ type: 'PlaceBid', lotId, bidderId: i === 2 ? 'mallory\u0000' : 'anna', amount: 100 }, env('anna'))),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(EventDataRefusedError);
  });
});
