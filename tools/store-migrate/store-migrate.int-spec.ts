import { randomUUID } from 'node:crypto';
import { auctionStreamId, comparePositions, formatPosition, type GlobalPosition } from '@megabot/contracts';
import { auctionWriteSide, type AuctionCommand } from '@megabot/domain';
import { EventStoreUnavailableError, StreamCommandProcessor, type EventData, type PostgresEventStore } from '@megabot/event-store';
import { EventStoreDbEventStore } from '@megabot/event-store/eventstoredb/eventstoredb-event-store';
import { EventStoreDbServerDouble } from '@megabot/event-store/eventstoredb/eventstoredb-server-double';
import { readSettledLog, testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import type { DataSource } from 'typeorm';
import { copyStore, verifyCopy } from './store-migrate';
import { moveReactorCheckpoints, readReactorCheckpoints, rebuildAllProjections, switchedAt } from './switch-read-side';

const databases = testDatabases();

describe.each(databases)('store:migrate from the Postgres store on $name to EventStoreDB (the server double)', ({ url }) => {
  let scratch: ScratchStores;
  let source: PostgresEventStore;
  let ds: DataSource;
  let double: EventStoreDbServerDouble;
  let target: EventStoreDbEventStore;
  const lots = ['mig-1', 'mig-2', 'mig-3'];
  const T0 = new Date('2026-11-25T10:00:00Z');
  let total: number;

  beforeAll(async () => {
    scratch = await openScratchStores(url, 4);
    ({ store: source, ds } = scratch);
    double = new EventStoreDbServerDouble();
    target = new EventStoreDbEventStore({ client: double });

    // Auction lots through the real writer: hash-chained, interleaved with other streams.
    const auction = new StreamCommandProcessor(source, auctionWriteSide, { clock: () => T0 });
    const open = (lotId: string): AuctionCommand => ({
      type: 'OpenLot',
      lotId,
      kind: 'own_lot',
      title: `Lot ${lotId}`,
      description: '',
      sellerId: 'seller',
      startingPrice: 100,
      minIncrement: 10,
      closesAt: '2026-12-26T10:00:00Z',
      details: {},
      rules: { incrementTiers: [{ from: 0, increment: 10 }] },
    });
    const meta = () => ({ occurredAt: T0.toISOString(), schemaVersion: 1, commandId: randomUUID() });
    for (const lotId of lots) await auction.execute(open(lotId), { commandId: randomUUID(), actorId: 'seller' });
    for (let i = 0; i < 12; i++) {
      const lotId = lots[i % 3];
      await auction.execute({ type: 'PlaceBid', lotId, bidderId: `b${i % 4}`, amount: 100 + i * 20 }, { commandId: randomUUID(), actorId: `b${i % 4}` });
      await source.append(
        `room-day-${i % 2}`,
        [{ id: randomUUID(), type: 'Noted', data: { i }, metadata: meta() }],
        i < 2 ? 'no_stream' : BigInt(Math.floor(i / 2) - 1),
      );
    }
    // A long stream that spans many pages, and one batch over EventStoreDB's 1 MiB append limit.
    for (let i = 0; i < 6; i++) {
      await source.append(
        'ledger-1',
        Array.from({ length: 100 }, (_, k) => ({ id: randomUUID(), type: 'Entry', data: { n: i * 100 + k }, metadata: meta() })),
        i === 0 ? 'no_stream' : BigInt(i * 100 - 1),
      );
    }
    const big: EventData[] = Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      type: 'Attached',
      data: { i, blob: 'b'.repeat(30_000) },
      metadata: meta(),
    }));
    await source.append('attachments-1', big, 'no_stream');
    // Another suite's open transaction on the same server may hold the newest events back for a moment.
    await readSettledLog(source, [...lots.map(auctionStreamId), 'room-day-0', 'room-day-1', 'ledger-1', 'attachments-1']);
    total = await source.countEvents();
    // A reactor that has handled the log up to the 20th event.
    const early = (await source.readAll({ maxCount: 20 }))[19];
    await ds.query(`INSERT INTO identity_ops.checkpoints (name, commit_position, prepare_position) VALUES ('identity-code-mail', $1, $2)`, [
      early.position.commit.toString(),
      early.position.prepare.toString(),
    ]);
  });
  afterAll(async () => {
    await target.close();
    await scratch.close();
  });

  const snapshot = async () => {
    const rows = async (table: string) =>
      ((await ds.query(`SELECT to_jsonb(t) - 'updated_at' AS row FROM ${table} t`)) as { row: unknown }[]).map((r) => JSON.stringify(r.row)).sort();
    return { lots: await rows('auction.lots'), bids: await rows('auction.bids'), maxima: await rows('auction.maxima') };
  };

  it('copies, survives an interrupted run, verifies, is idempotent, and switches the read side', async () => {
    // The read model as the Postgres store builds it.
    await rebuildAllProjections(source, ds);
    const before = await snapshot();
    expect(before.lots).toHaveLength(3);

    // A first run breaks off: the node goes away in the middle of the long stream.
    const append = double.appendToStream.bind(double);
    let ledgerAppends = 0;
    const spy = jest.spyOn(double, 'appendToStream').mockImplementation((...args) => {
      if (args[0] === 'ledger-1' && ++ledgerAppends === 3) double.kill();
      return append(...args);
    });
    await expect(copyStore(source, target, { pageSize: 100, total })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    spy.mockRestore();
    double.revive();

    // Run again, with other page boundaries: what is there is kept, the rest is written.
    const [checkpoint] = await readReactorCheckpoints(ds);
    const progress: number[] = [];
    const copied = await copyStore(source, target, { pageSize: 70, total, positions: [checkpoint.position], onProgress: (p) => progress.push(p.events) });
    expect(copied.events).toBe(total);
    expect(copied.present).toBeGreaterThan(0);
    expect(copied.written).toBeGreaterThan(0);
    expect(copied.present + copied.written).toBe(total);
    expect(progress.at(-1)).toBe(total);
    expect(copied.streams.size).toBe(3 + 2 + 2);

    const verified = await verifyCopy(source, target, copied.streams.keys());
    expect(verified).toMatchObject({ ok: true, streams: 7, events: total, mismatches: [], chainsIntact: 3, chainsBroken: [] });
    for (const s of copied.streams.keys()) {
      const [a, b] = [await source.readStream(s), await target.readStream(s)];
      expect(b.map((e) => [e.id, e.revision, e.metadata.hash])).toEqual(a.map((e) => [e.id, e.revision, e.metadata.hash]));
    }
    // The target's $all holds the events in the source's order.
    const order = async (store: { readAll(o: { after?: GlobalPosition; maxCount: number }): Promise<{ id: string; position: GlobalPosition }[]> }) => {
      const ids: string[] = [];
      for (let after: GlobalPosition | undefined; ;) {
        const page = await store.readAll({ after, maxCount: 500 });
        if (!page.length) return ids;
        ids.push(...page.map((e) => e.id));
        after = page[page.length - 1].position;
      }
    };
    expect(await order(target)).toEqual(await order(source));

    // The reactor's checkpoint stands for the same event in the target.
    const moved = copied.positions.get(formatPosition(checkpoint.position))!;
    const sourceEvent = (await source.readAll({ maxCount: 20 }))[19];
    const targetEvent = (await target.readStream(sourceEvent.streamId, { fromRevision: sourceEvent.revision, maxCount: 1 }))[0];
    expect(targetEvent.id).toBe(sourceEvent.id);
    expect(comparePositions(moved, targetEvent.position)).toBe(0);

    // Once more: nothing is written.
    const length = double.logLength;
    const again = await copyStore(source, target, { pageSize: 1000, total });
    expect(again).toMatchObject({ events: total, written: 0, present: total });
    expect(double.logLength).toBe(length);

    // Switch: every projection rebuilt from EventStoreDB equals the one built from Postgres; the reactor moves.
    await rebuildAllProjections(target, ds);
    expect(await snapshot()).toEqual(before);
    await moveReactorCheckpoints(ds, [{ name: checkpoint.name, position: moved }], 'esdb://double');
    expect(await readReactorCheckpoints(ds)).toEqual([{ name: 'identity-code-mail', position: moved }]);
    expect(await switchedAt(ds)).toMatchObject({ target: 'esdb://double' });
  });

  it('verification tells a copy that differs from its source, and a chain already broken in the source from one broken by the copy', async () => {
    const other = new EventStoreDbEventStore({ client: new EventStoreDbServerDouble() });
    try {
      // Tamper with one auction event in Postgres: its chain is broken there and in the copy alike.
      await ds.query(`UPDATE es.events SET metadata = jsonb_set(metadata, '{actorId}', '"mallory"') WHERE stream_id = $1 AND revision = 1`, [
        auctionStreamId('mig-3'),
      ]);
      const copied = await copyStore(source, other, { total });
      let verified = await verifyCopy(source, other, copied.streams.keys());
      expect(verified.ok).toBe(true);
      expect(verified.chainsBroken).toEqual([expect.objectContaining({ streamId: auctionStreamId('mig-3'), inSource: true })]);
      // An event the source does not have.
      await other.append(
        'ledger-1',
        [{ id: randomUUID(), type: 'Entry', data: { n: -1 }, metadata: { occurredAt: T0.toISOString(), schemaVersion: 1 } }],
        599n,
      );
      verified = await verifyCopy(source, other, copied.streams.keys());
      expect(verified.ok).toBe(false);
      expect(verified.mismatches).toEqual([{ streamId: 'ledger-1', reason: '600 event(s) in the source, 601 in the target' }]);
    } finally {
      await other.close();
    }
  });
});

if (databases.length === 0) it.skip('store:migrate: no PostgreSQL available', () => undefined);
