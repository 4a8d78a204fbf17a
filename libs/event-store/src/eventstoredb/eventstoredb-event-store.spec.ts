import { randomUUID } from 'node:crypto';
import { comparePositions } from '@megabot/contracts';
import type { EventData as EsdbEventData } from '@eventstore/db-client';
import { eventStoreContract } from '../event-store.contract';
import { EventStoreUnavailableError, WrongExpectedRevisionError, type EventData } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EventStoreDbServerDouble, writeSystemLikeEvents, type EventStoreDbFault } from './eventstoredb-server-double';

const event = (n: number, extra: Record<string, unknown> = {}): EventData => ({
  id: randomUUID(),
  type: 'Counted',
  data: { n, ...extra },
  metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId: randomUUID() },
});
const stream = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

describe('EventStoreDbEventStore on the in-process server double', () => {
  describe('contract', () => {
    let double: EventStoreDbServerDouble;
    eventStoreContract({
      open: async () => {
        // A small idempotency cache, so the contract's own appends push ids out of it.
        double = new EventStoreDbServerDouble({ idempotencyCacheSize: 200 });
        return new EventStoreDbEventStore({ client: double });
      },
      close: (s) => s.close(),
      writeForeign: (_s, n) => writeSystemLikeEvents(double, n),
      forgetIdempotencyCache: async () => double.clearIdempotencyCache(),
      openKillable: async () => {
        const node = new EventStoreDbServerDouble();
        const store = new EventStoreDbEventStore({ client: node });
        return { store, kill: async () => node.kill(), revive: async () => node.revive(), close: () => store.close() };
      },
    });
  });

  describe('the adapter', () => {
    let double: EventStoreDbServerDouble;
    let store: EventStoreDbEventStore;
    beforeEach(() => {
      double = new EventStoreDbServerDouble();
      store = new EventStoreDbEventStore({ client: double });
    });
    afterEach(() => store.close());

    const calls: { name: string; call: 'append' | 'read'; run: (s: EventStoreDbEventStore, streamId: string) => Promise<unknown> }[] = [
      { name: 'append', call: 'append', run: (s, id) => s.append(id, [event(1)], 0n) },
      { name: 'readStream', call: 'read', run: (s, id) => s.readStream(id) },
      { name: 'readAll', call: 'read', run: (s) => s.readAll({ maxCount: 10 }) },
    ];
    const faults: EventStoreDbFault[] = ['unavailable', 'deadline-exceeded', 'discovery-failed'];
    it.each(faults.flatMap((fault) => calls.map((c) => ({ fault, ...c }))))(
      '$name answers EventStoreUnavailableError (a retryable 503) to $fault',
      async ({ fault, call, run }) => {
        const s = stream('fault');
        await store.append(s, [event(0)], 'no_stream');
        double.failNext(fault, [call]);
        const err = await run(store, s).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(EventStoreUnavailableError);
        expect((err as EventStoreUnavailableError).cause).toBeInstanceOf(Error);
        await expect(run(store, s)).resolves.toBeDefined(); // the next call goes through
      },
    );

    it('retries a call refused by a follower once, on the leader, and gives up with EventStoreUnavailableError after that', async () => {
      const s = stream('leader');
      await store.append(s, [event(0)], 'no_stream');
      double.failNext('not-leader', ['read']);
      expect(await store.readStream(s)).toHaveLength(1);
      double.failNext('not-leader', ['read']);
      double.failNext('not-leader', ['read']);
      await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      double.failNext('not-leader', ['append']);
      double.failNext('not-leader', ['append']);
      await expect(store.append(s, [event(1)], 0n)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('reads a stream that decides on the leader, never from a lagging follower', async () => {
      const s = stream('follower');
      await store.append(s, [event(0), event(1), event(2), event(3), event(4)], 'no_stream');
      double.connectToFollower(20); // the follower has not seen these events yet
      expect((await store.readStream(s)).map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
    });

    it('recognises a repeat on the leader when connected to a lagging follower', async () => {
      const s = stream('follower-repeat');
      const batch = [event(0), event(1)];
      const first = await store.append(s, batch, 'no_stream');
      double.connectToFollower(20);
      expect(await store.append(s, batch, 'no_stream')).toMatchObject({ duplicate: true, nextExpectedRevision: first.nextExpectedRevision });
    });

    it('an append whose answer was lost after the write answers unavailable, and its retry answers the original result', async () => {
      const s = stream('lost-answer');
      await store.append(s, [event(0)], 'no_stream');
      const batch = [event(1)];
      double.failNext('written-then-deadline-exceeded', ['append']);
      await expect(store.append(s, batch, 0n)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      const stored = (await store.readStream(s))[1];
      const retry = await store.append(s, batch, 0n);
      expect(retry).toMatchObject({ duplicate: true, nextExpectedRevision: 1n });
      expect(comparePositions(retry.position, stored.position)).toBe(0);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('a version conflict reads a bounded tail of the stream, not the whole stream', async () => {
      const s = stream('long');
      for (let i = 0; i < 30; i++)
        await store.append(
          s,
          Array.from({ length: 100 }, (_, k) => event(i * 100 + k)),
          i === 0 ? 'no_stream' : BigInt(i * 100 - 1),
        );
      const before = double.recordsRead;
      const err = await store.append(s, [event(-1)], 5n).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect((err as WrongExpectedRevisionError).actual).toBe(2999n);
      expect(double.recordsRead - before).toBeLessThanOrEqual(200);
    });

    it('splits an oversized batch between commands, never inside one, each part below the append limit', async () => {
      const s = stream('split');
      const text = 'y'.repeat(20 * 1024);
      const commands = Array.from({ length: 30 }, () => randomUUID());
      const events = Array.from({ length: 120 }, (_, i) => ({
        ...event(i, { text }),
        metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId: commands[Math.floor(i / 4)] },
      }));
      const spy = jest.spyOn(double, 'appendToStream');
      const r = await store.append(s, events, 'no_stream');
      expect(r.nextExpectedRevision).toBe(119n);
      const parts = spy.mock.calls.map((c) => c[1] as EsdbEventData[]);
      expect(parts.length).toBeGreaterThan(2);
      for (const part of parts) {
        const ids = part.map((e) => (e.metadata as { commandId: string }).commandId);
        for (const id of new Set(ids)) expect(ids.filter((x) => x === id)).toHaveLength(4); // whole commands only
      }
      expect(parts.flat().map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('refuses one command whose events exceed the append limit, writing nothing', async () => {
      const s = stream('too-large');
      const commandId = randomUUID();
      const huge = Array.from({ length: 3 }, (_, i) => ({
        ...event(i, { text: 'z'.repeat(400 * 1024) }),
        metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId },
      }));
      await expect(store.append(s, huge, 'no_stream')).rejects.toThrow(/larger than the 1048576 bytes EventStoreDB accepts in one append/);
      expect(await store.readStream(s)).toEqual([]);
    });

    it('a subscription fails with EventStoreUnavailableError when the node goes away', async () => {
      const s = stream('sub-kill');
      const first = await store.append(s, [event(0)], 'no_stream');
      const sub = store.subscribeToAll({ after: first.position });
      const consuming = (async () => {
        for await (const batch of sub) void batch;
      })();
      await new Promise((r) => setTimeout(r, 20));
      double.kill();
      await expect(consuming).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await sub.close();
    });
  });
});
