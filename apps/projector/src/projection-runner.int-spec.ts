import { randomUUID } from 'node:crypto';
import { auctionStreamId, comparePositions, type GlobalPosition } from '@megabot/contracts';
import { PostgresEventStore, type RecordedEvent } from '@megabot/event-store';
import { bidPlacedEvent, lotOpenedEvent, testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import type { DataSource } from 'typeorm';
import { AuctionProjection } from './auction/auction.projection';
import type { TableWriter } from '@megabot/read-model';
import type { Projection } from './projection';
import { ProjectionRunner, readCheckpoint } from './projection-runner';
import { decideParkedEvent, listParkedEvents, parkedEventCounts } from '@megabot/read-model';
import { rebuildProjection } from './rebuild';

const databases = testDatabases();

describe.each(databases.slice(0, 2))('auction projection on $name', ({ url: serverUrl }) => {
  let scratch: ScratchStores;
  let store: PostgresEventStore;
  let ds: DataSource;
  const projection = new AuctionProjection();

  beforeAll(async () => {
    scratch = await openScratchStores(serverUrl, 4);
    ({ store, ds } = scratch);
  });
  afterAll(async () => {
    await scratch.close();
  });

  const lot = (lotId: string) =>
    ds.query(`SELECT current_price::int, leader_id, bid_count, revision::int FROM auction.lots WHERE lot_id = $1`, [lotId]).then((r) => r[0]);
  const bidRows = (lotId: string) => ds.query(`SELECT count(*)::int AS n FROM auction.bids WHERE lot_id = $1`, [lotId]).then((r) => r[0].n);
  // Up to 30 s: the server PostgreSQL is shared with the other tests, whose open transactions can hold the log's tail back.
  const waitUntil = async (cond: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 1200; i++) {
      if (await cond()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  const bid0 = (lotId: string) => bidPlacedEvent(lotId, 'b0', 100);
  /** An event no projection here handles. */
  const probeEvent = () => ({ id: randomUUID(), type: 'ProbePinged', data: {}, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } });

  async function openWithBids(lotId: string, bids: number) {
    const stream = auctionStreamId(lotId);
    await store.append(stream, [lotOpenedEvent(lotId)], 'no_stream');
    for (let i = 0; i < bids; i++) await store.append(stream, [bidPlacedEvent(lotId, `b${i % 3}`, 100 + i * 10)], BigInt(i));
  }

  it('projects lots and bids live, with the checkpoint in the same transaction', async () => {
    const runner = new ProjectionRunner(store, ds, projection);
    runner.start();
    const lotId = randomUUID();
    await openWithBids(lotId, 5);
    await waitUntil(async () => (await lot(lotId))?.bid_count === 5, 'five bids');
    expect(await lot(lotId)).toEqual({ current_price: 140, leader_id: 'b1', bid_count: 5, revision: 5 });
    expect(await bidRows(lotId)).toBe(5);
    const cp = await readCheckpoint(ds, 'auction', 'auction');
    const [last] = (await store.readStream(auctionStreamId(lotId))).slice(-1);
    expect(comparePositions(cp, last.position)).toBeGreaterThanOrEqual(0);
    await runner.stop();
  });

  it('a failure mid-batch commits nothing; the retry applies the batch exactly once', async () => {
    const lotId = randomUUID();
    await openWithBids(lotId, 3);
    // The stream, not the global log: a transaction in flight anywhere on the server (a parallel test) holds the log's fence back.
    const events = await store.readStream(auctionStreamId(lotId));
    let failures = 1;
    const flaky: Projection = {
      name: projection.name,
      schema: projection.schema,
      handles: (t) => projection.handles(t),
      async apply(batch: RecordedEvent[], tables: TableWriter) {
        await projection.apply(batch, tables);
        if (failures-- > 0) throw new Error('crash after writing, before commit');
      },
    };
    // A runner positioned just before these events (as after a restart).
    const before: GlobalPosition = { commit: events[0].position.commit, prepare: events[0].position.prepare - 1n };
    await ds.query(`UPDATE auction.checkpoint SET commit_position = $1, prepare_position = $2`, [before.commit.toString(), before.prepare.toString()]);
    const runner = new ProjectionRunner(store, ds, flaky);
    (runner as unknown as { committed: GlobalPosition }).committed = before;
    await expect(runner.applyBatch(events)).rejects.toThrow('crash after writing');
    expect(await lot(lotId)).toBeUndefined();
    expect(await bidRows(lotId)).toBe(0);
    await runner.applyBatch(events);
    expect(await lot(lotId)).toMatchObject({ bid_count: 3, current_price: 120 });
    // replaying the same batch again changes nothing
    await runner.applyBatch(events);
    expect(await lot(lotId)).toMatchObject({ bid_count: 3, current_price: 120 });
    expect(await bidRows(lotId)).toBe(3);
  });

  it("a batch's transaction commits without waiting for the WAL flush (its rows and checkpoint are lost or kept together)", async () => {
    const lotId = randomUUID();
    await openWithBids(lotId, 1);
    const events = await store.readStream(auctionStreamId(lotId));
    const seen: string[] = [];
    const recording: Projection = {
      name: projection.name,
      schema: projection.schema,
      handles: (t) => projection.handles(t),
      async apply(batch: RecordedEvent[], tables: TableWriter) {
        const [row] = await tables.query(`SELECT current_setting('synchronous_commit') AS s`);
        seen.push(row.s);
        await projection.apply(batch, tables);
      },
    };
    await new ProjectionRunner(store, ds, recording).applyBatch(events);
    expect(seen).toEqual(['off']);
    // only that transaction: the connection goes back to the pool as it was
    expect((await ds.query(`SELECT current_setting('synchronous_commit') AS s`))[0].s).toBe('on');
  });

  it('two projector instances never apply an event twice', async () => {
    const a = new ProjectionRunner(store, ds, projection, { batchSize: 7 });
    const b = new ProjectionRunner(store, ds, projection, { batchSize: 5 });
    a.start();
    b.start();
    const lotIds = Array.from({ length: 4 }, () => randomUUID());
    await Promise.all(lotIds.map((id) => openWithBids(id, 12)));
    for (const id of lotIds) await waitUntil(async () => (await lot(id))?.revision === 12, `lot ${id}`);
    await a.stop();
    await b.stop();
    for (const id of lotIds) {
      expect(await lot(id)).toMatchObject({ bid_count: 12, current_price: 210 });
      expect(await bidRows(id)).toBe(12);
    }
  });

  it('rebuilds from position 0 into fresh tables and swaps them in; the live projector carries on', async () => {
    const runner = new ProjectionRunner(store, ds, projection);
    runner.start();
    const lotId = randomUUID();
    await openWithBids(lotId, 4);
    await waitUntil(async () => (await lot(lotId))?.bid_count === 4, 'four bids');
    // damage the live read model: the rebuild must not copy it
    await ds.query(`UPDATE auction.lots SET current_price = 1, bid_count = 99 WHERE lot_id = $1`, [lotId]);
    const progress: number[] = [];
    const result = await rebuildProjection(store, ds, projection, (p) => progress.push(p.processed), 50);
    expect(result.events).toBe(await store.countEvents());
    expect(progress.length).toBeGreaterThan(1);
    expect(await lot(lotId)).toMatchObject({ bid_count: 4, current_price: 130 });
    const schemas = await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'auction%' ORDER BY 1`);
    expect(schemas.map((s: { nspname: string }) => s.nspname)).toEqual(['auction']);
    // events after the swap still reach the (new) live tables
    await store.append(auctionStreamId(lotId), [bidPlacedEvent(lotId, 'late', 500)], 4n);
    await waitUntil(async () => (await lot(lotId))?.bid_count === 5, 'bid after rebuild');
    expect(await lot(lotId)).toMatchObject({ current_price: 500, leader_id: 'late' });
    await runner.stop();
  });

  /** A started runner that projected a bid (checkpointed), then passed over an event it does not handle. */
  async function pastAnotherEvent(runner: ProjectionRunner) {
    runner.start();
    const lotId = randomUUID();
    await openWithBids(lotId, 1);
    await waitUntil(async () => (await lot(lotId))?.bid_count === 1, 'one bid');
    const [lastBid] = (await store.readStream(auctionStreamId(lotId))).slice(-1);
    await waitUntil(async () => comparePositions(await readCheckpoint(ds, 'auction', 'auction'), lastBid.position) >= 0, 'the bid checkpointed');
    const stored = await readCheckpoint(ds, 'auction', 'auction');
    const other = await store.append(`probe-${randomUUID()}`, [probeEvent()], 'no_stream');
    await waitUntil(async () => comparePositions(runner.position, other.position) >= 0, 'the runner past the other event');
    return { lotId, lastBid, stored, other };
  }

  it('passes a batch with nothing for it over without a transaction: position announced at once, checkpoint written later', async () => {
    const quiet = new ProjectionRunner(store, ds, projection, { deferCheckpointMs: 60_000 });
    const { lotId, stored, other } = await pastAnotherEvent(quiet);
    // not written: no transaction for it (the runner's own deferral is a minute)
    expect(await readCheckpoint(ds, 'auction', 'auction')).toEqual(stored);
    // the next relevant batch writes past both
    await store.append(auctionStreamId(lotId), [bidPlacedEvent(lotId, 'b9', 500)], 1n);
    await waitUntil(async () => (await lot(lotId))?.bid_count === 2, 'the second bid');
    expect(comparePositions(await readCheckpoint(ds, 'auction', 'auction'), other.position)).toBeGreaterThan(0);
    await quiet.stop();

    // a quiet log: a short deferral writes the position passed over by itself
    const brisk = new ProjectionRunner(store, ds, projection, { deferCheckpointMs: 200 });
    brisk.start();
    const again = await store.append(`probe-${randomUUID()}`, [probeEvent()], 'no_stream');
    await waitUntil(async () => comparePositions(await readCheckpoint(ds, 'auction', 'auction'), again.position) >= 0, 'the deferred checkpoint');
    await brisk.stop();
  });

  it('a deferred position is not written over a checkpoint reset behind the runner (a rebuild in place)', async () => {
    const runner = new ProjectionRunner(store, ds, projection, { deferCheckpointMs: 60_000 });
    const { lastBid, stored } = await pastAnotherEvent(runner);
    const reset: GlobalPosition = { commit: lastBid.position.commit, prepare: lastBid.position.prepare - 1n };
    await ds.query(`UPDATE auction.checkpoint SET commit_position = $1, prepare_position = $2`, [reset.commit.toString(), reset.prepare.toString()]);
    await runner.stop(); // writes what it deferred - unless the checkpoint went behind what it had written
    expect(await readCheckpoint(ds, 'auction', 'auction')).toEqual(reset);
    await ds.query(`UPDATE auction.checkpoint SET commit_position = $1, prepare_position = $2`, [stored.commit.toString(), stored.prepare.toString()]);
  });

  describe('an event the projection keeps failing on', () => {
    /** The auction projection, except that it throws on the given events. */
    const poisoning = (poisoned: Set<string>, onPoison?: 'park' | 'stop'): Projection => ({
      name: projection.name,
      schema: projection.schema,
      onPoison,
      handles: (t) => projection.handles(t),
      async apply(batch: RecordedEvent[], tables: TableWriter) {
        const bad = batch.find((e) => poisoned.has(e.id));
        if (bad) throw new Error(`cannot project ${bad.type} of ${bad.streamId}`);
        await projection.apply(batch, tables);
      },
    });
    const poison = { attempts: 2, retryDelayMs: 10, pollMs: 50 };
    const parkedRow = async (eventId: string) => (await listParkedEvents(ds, { includeSkipped: true })).find((p) => p.eventId === eventId);

    it('is parked with its error and the projection moves on; /health-style counts show it; an admin retry applies it once fixed', async () => {
      const poisonedLot = randomUUID();
      const stream = auctionStreamId(poisonedLot);
      await store.append(stream, [lotOpenedEvent(poisonedLot)], 'no_stream');
      const bad = bidPlacedEvent(poisonedLot, 'anna', 500);
      await store.append(stream, [bid0(poisonedLot), bad], 0n);
      const laterLot = randomUUID();
      await openWithBids(laterLot, 2);

      const poisoned = new Set([bad.id]);
      const logs: string[] = [];
      const runner = new ProjectionRunner(store, ds, poisoning(poisoned), { poison, log: (m) => logs.push(m) });
      runner.start();
      try {
        await waitUntil(async () => (await lot(laterLot))?.bid_count === 2, 'the lot after the poisoned event');
        expect(await lot(poisonedLot)).toMatchObject({ bid_count: 1, revision: 1 });
        const parked = await parkedRow(bad.id);
        expect(parked).toMatchObject({ projection: 'auction', streamId: stream, revision: 2, eventType: 'BidPlaced', state: 'parked' });
        expect(parked!.error).toContain(`cannot project BidPlaced of ${stream}`);
        expect((await parkedEventCounts(ds)).auction).toMatchObject({ parked: 1, blocking: 0 });
        expect(logs.join('\n')).toContain(`parked ${bad.id}`);

        // fixed (a new release), an admin asks for it again: applied, and no longer parked
        poisoned.clear();
        expect(await decideParkedEvent(ds, 'auction', bad.id, 'retry', 'admin')).toMatchObject({ state: 'retry', decidedBy: 'admin' });
        await waitUntil(async () => (await parkedRow(bad.id)) === undefined, 'the retried event applied');
        expect(await lot(poisonedLot)).toMatchObject({ bid_count: 2, current_price: 500, revision: 2 });
        expect((await parkedEventCounts(ds)).auction).toBeUndefined();
      } finally {
        await runner.stop();
      }
    });

    it('a retry that fails again parks the event again, with the new error', async () => {
      const lotId = randomUUID();
      const bad = bidPlacedEvent(lotId, 'anna', 500);
      await store.append(auctionStreamId(lotId), [lotOpenedEvent(lotId), bad], 'no_stream');
      const runner = new ProjectionRunner(store, ds, poisoning(new Set([bad.id])), { poison });
      runner.start();
      try {
        await waitUntil(async () => (await parkedRow(bad.id))?.state === 'parked', 'parked');
        await decideParkedEvent(ds, 'auction', bad.id, 'retry', 'admin');
        await waitUntil(async () => (await parkedRow(bad.id))?.failures === 2, 'the retry failed');
        expect(await parkedRow(bad.id)).toMatchObject({ state: 'parked' });
      } finally {
        await runner.stop();
      }
    });

    it('with onPoison "stop" the projection stops at it, visibly, until an admin skips it', async () => {
      const lotId = randomUUID();
      const stream = auctionStreamId(lotId);
      const bad = bidPlacedEvent(lotId, 'boris', 110);
      await store.append(stream, [lotOpenedEvent(lotId), bid0(lotId), bad, bidPlacedEvent(lotId, 'chloe', 120)], 'no_stream');
      const runner = new ProjectionRunner(store, ds, poisoning(new Set([bad.id]), 'stop'), { poison });
      runner.start();
      try {
        await waitUntil(async () => (await parkedRow(bad.id))?.state === 'blocking', 'blocking');
        expect(runner.blockedBy).toMatchObject({ eventId: bad.id });
        await new Promise((r) => setTimeout(r, 300));
        expect(await lot(lotId)).toMatchObject({ bid_count: 1, revision: 1 }); // nothing after it
        expect((await parkedEventCounts(ds)).auction).toMatchObject({ blocking: 1 });

        await decideParkedEvent(ds, 'auction', bad.id, 'skip', 'admin');
        await waitUntil(async () => (await lot(lotId))?.revision === 3, 'the events after the skipped one');
        expect(await lot(lotId)).toMatchObject({ bid_count: 2, current_price: 120, leader_id: 'chloe' });
        expect(await parkedRow(bad.id)).toMatchObject({ state: 'skipped', decidedBy: 'admin' });
        expect(runner.blockedBy).toBeUndefined();
      } finally {
        await runner.stop();
      }
    });

    it('a passing fault is retried, not parked', async () => {
      const lotId = randomUUID();
      let failures = 1;
      const flaky: Projection = {
        ...poisoning(new Set()),
        async apply(batch: RecordedEvent[], tables: TableWriter) {
          if (failures-- > 0) throw new Error('a passing fault');
          await projection.apply(batch, tables);
        },
      };
      const runner = new ProjectionRunner(store, ds, flaky, { poison });
      runner.start();
      try {
        await openWithBids(lotId, 2);
        await waitUntil(async () => (await lot(lotId))?.bid_count === 2, 'both bids');
        expect((await listParkedEvents(ds)).filter((p) => p.streamId === auctionStreamId(lotId))).toEqual([]);
      } finally {
        await runner.stop();
      }
    });
  });
});
