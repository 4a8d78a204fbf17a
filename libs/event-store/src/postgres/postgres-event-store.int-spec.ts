import { randomUUID } from 'node:crypto';
import { comparePositions } from '@megabot/contracts';
import { dropSchema, testDatabases, uniqueName } from '@megabot/testing';
import { eventStoreContract, withTimeout } from '../event-store.contract';
import { Client } from 'pg';
import { EventStoreUnavailableError, WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from '../event-store.port';
import { TcpProxy } from '../testing/tcp-proxy';
import { PostgresEventStore } from './postgres-event-store';

const databases = testDatabases();

describe.each(databases)('PostgresEventStore on $name', ({ url }) => {
  const schema = uniqueName('es');
  describe('contract', () => {
    eventStoreContract({
      open: () => PostgresEventStore.create({ connectionString: url, schema }),
      close: (s) => s.close(),
      // Postgres has no system events in its log: events of other streams and types are the analogue.
      writeForeign: async (s, n) => {
        const events = Array.from({ length: n }, (_, i) => ({
          id: randomUUID(),
          type: i % 2 ? 'ForeignThing' : 'OtherThing',
          data: { i },
          metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
        }));
        await s.append(`foreign-${randomUUID()}`, events, 'no_stream');
      },
      openKillable: async () => {
        const target = new URL(url);
        const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
        const via = new URL(url);
        via.hostname = '127.0.0.1';
        via.port = String(proxy.port);
        const store = await PostgresEventStore.create({ connectionString: via.toString(), schema, idlePollMs: 200 });
        return {
          store,
          kill: () => proxy.kill(),
          revive: () => proxy.revive(),
          close: async () => {
            await proxy.revive();
            await store.close();
            await proxy.close();
          },
        };
      },
    });
  });

  describe('a connection lost in the middle of a statement', () => {
    it('answers EventStoreUnavailableError, not the driver error, and the store works again', async () => {
      const target = new URL(url);
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const via = new URL(url);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      const store = await PostgresEventStore.create({ connectionString: via.toString(), schema });
      const direct = new Client({ connectionString: url });
      await direct.connect();
      try {
        const s = `inflight-${randomUUID()}`;
        const e = () => ({ id: randomUUID(), type: 'Counted', data: {}, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } });
        // Another session holds revision 0 of the stream uncommitted: our insert waits on it...
        await direct.query('BEGIN');
        await direct.query(`INSERT INTO ${schema}.events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, 0, $2, 'Counted', '{}', '{}')`, [
          s,
          randomUUID(),
        ]);
        const mine = e();
        const waiting = store.append(s, [mine], 'no_stream').then(
          () => undefined,
          (err: unknown) => err,
        );
        await new Promise((r) => setTimeout(r, 200));
        // ...when the connection breaks.
        await proxy.kill();
        expect(await waiting).toBeInstanceOf(EventStoreUnavailableError);
        await direct.query('ROLLBACK');
        await proxy.revive();
        // The server may still have committed the orphaned insert once the lock was free: the retry has one effect either way.
        expect((await store.append(s, [mine], 'no_stream')).nextExpectedRevision).toBe(0n);
        expect((await store.readStream(s)).map((x) => x.id)).toEqual([mine.id]);
      } finally {
        await direct.end();
        await store.close();
        await proxy.close();
      }
    });
  });

  describe('faults of concurrent writers', () => {
    let store: PostgresEventStore;
    let second: PostgresEventStore;
    beforeAll(async () => {
      store = await PostgresEventStore.create({ connectionString: url, schema });
      second = await PostgresEventStore.create({ connectionString: url, schema }); // another process: its own pool
    });
    afterAll(async () => {
      await second.close();
      await store.close();
    });

    const event = (n: number): EventData => ({
      id: randomUUID(),
      type: 'Counted',
      data: { n },
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
    });
    /** Waits until `n` inserts into this schema's events wait on a row lock. */
    const insertsWaiting = async (n: number) => {
      for (let i = 0; i < 400; i++) {
        const { rows } = await store.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [
          `INSERT INTO ${schema}.events%`,
        ]);
        if (rows[0].n >= n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`${n} inserts never waited on a lock`);
    };

    it('two group commits over overlapping new streams in opposite orders do not deadlock: one wins each shared stream, the rest is written', async () => {
      const id = randomUUID().slice(0, 8);
      const [s1, s2, x, onlyA, onlyB] = ['s1', 's2', 'x', 'only-a', 'only-b'].map((n) => `dl-${n}-${id}`);
      const blocker = new Client({ connectionString: url });
      await blocker.connect();
      try {
        // A third session holds x, so both group commits are in flight at once, each past its first stream.
        await blocker.query('BEGIN');
        await blocker.query(`INSERT INTO ${schema}.events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, 0, $2, 'Counted', '{}', '{}')`, [
          x,
          randomUUID(),
        ]);
        const one = (streamId: string) => ({ streamId, events: [event(1)], expected: 'no_stream' as const });
        const a = store.appendMany([one(s1), one(x), one(s2), one(onlyA)]);
        const b = second.appendMany([one(s2), one(x), one(s1), one(onlyB)]);
        await insertsWaiting(2);
        await blocker.query('ROLLBACK');
        const [ra, rb] = await Promise.all([a, b]);
        for (const r of [...ra, ...rb]) if (r instanceof Error) expect(r).toBeInstanceOf(WrongExpectedRevisionError);
        expect(ra[3]).toMatchObject({ nextExpectedRevision: 0n, duplicate: false });
        expect(rb[3]).toMatchObject({ nextExpectedRevision: 0n, duplicate: false });
        // each shared stream has exactly one winner
        const wonA = new Map([s1, x, s2].map((s, i) => [s, !(ra[i] instanceof Error)]));
        const wonB = new Map([s2, x, s1].map((s, i) => [s, !(rb[i] instanceof Error)]));
        for (const s of [s1, s2, x]) {
          expect([s, wonA.get(s) !== wonB.get(s)]).toEqual([s, true]);
          expect(await store.readStream(s)).toHaveLength(1);
        }
      } finally {
        await blocker.end();
      }
    });

    it('a group commit chosen as a deadlock victim redoes each stream on its own instead of failing them all', async () => {
      const id = randomUUID().slice(0, 8);
      const [a, b, c] = ['a', 'b', 'c'].map((n) => `victim-${n}-${id}`);
      const blocker = new Client({ connectionString: url });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query(`SET LOCAL deadlock_timeout = '30s'`); // the group commit's session detects the deadlock and is the victim
        const insert = `INSERT INTO ${schema}.events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, 0, $2, 'Counted', '{}', '{}')`;
        await blocker.query(insert, [b, randomUUID()]);
        const many = store.appendMany([a, b, c].map((streamId) => ({ streamId, events: [event(1)], expected: 'no_stream' as const })));
        await insertsWaiting(1); // the group commit holds a and waits for b
        await blocker.query(insert, [a, randomUUID()]); // waits for a: a cycle
        await blocker.query('ROLLBACK');
        const results = await many;
        expect(results.map((r) => (r instanceof Error ? r.message : r.nextExpectedRevision))).toEqual([0n, 0n, 0n]);
      } finally {
        await blocker.end();
      }
    });

    it('appendOn in a transaction with an expected revision ahead of the stream throws the conflict and leaves the transaction usable', async () => {
      const s = `ahead-tx-${randomUUID()}`;
      await store.withClient(async (c) => {
        await c.query('BEGIN');
        try {
          await store.appendOn(c, s, [event(0)], 'no_stream', { inTransaction: true });
          const err = await store.appendOn(c, s, [event(1)], 5n, { inTransaction: true }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(WrongExpectedRevisionError);
          expect((err as WrongExpectedRevisionError).actual).toBe(0n);
          // a stale expectation (a unique violation inside the transaction) too
          const stale = await store.appendOn(c, s, [event(1)], 'no_stream', { inTransaction: true }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
          expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
          await store.appendOn(c, s, [event(1)], 0n, { inTransaction: true });
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK');
          throw e;
        }
      });
      expect((await store.readStream(s)).map((e) => (e.data as { n: number }).n)).toEqual([0, 1]);
    });

    it('an event id already in the stream is not retried as a revision race', async () => {
      const s = `event-id-${randomUUID()}`;
      const stored = event(0);
      await store.append(s, [stored], 'no_stream');
      let inserts = 0;
      const err = await store
        .withClient((c) => {
          const query = c.query.bind(c) as (...args: unknown[]) => unknown;
          const counting = Object.create(c) as typeof c;
          counting.query = ((...args: unknown[]) => {
            if (typeof args[0] === 'string' && args[0].startsWith('INSERT')) inserts++;
            return query(...args);
          }) as typeof c.query;
          return store.appendOn(counting, s, [stored, event(1)], 'any');
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect((err as WrongExpectedRevisionError).actual).toBe(0n);
      expect(inserts).toBe(1);
      expect(await store.readStream(s)).toHaveLength(1);
    });
  });

  describe('global order under concurrent transactions', () => {
    let store: PostgresEventStore;
    beforeAll(async () => {
      store = await PostgresEventStore.create({ connectionString: url, schema, idlePollMs: 200 });
    });
    afterAll(async () => {
      await store.close();
      await dropSchema(url, schema);
    });

    const event = (n: number): EventData => ({
      id: randomUUID(),
      type: 'Counted',
      data: { n },
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
    });

    it('delivers a lower position that commits last: both events, in position order, exactly once', async () => {
      const streamA = `a-${randomUUID()}`;
      const streamB = `b-${randomUUID()}`;
      const [head] = (await store.readStream('none')).concat([]);
      expect(head).toBeUndefined();
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({ batchSize: 1000 });
      const mine = () => seen.filter((e) => e.streamId === streamA || e.streamId === streamB);
      const consume = (async () => {
        for await (const batch of sub) {
          seen.push(...batch);
          if (mine().length >= 2) break;
        }
      })();

      const slow = await store.pool.connect();
      const fast = await store.pool.connect();
      try {
        await slow.query('BEGIN');
        await store.appendOn(slow, streamA, [event(1)], 'no_stream', { inTransaction: true }); // takes the lower position
        await fast.query('BEGIN');
        await store.appendOn(fast, streamB, [event(2)], 'no_stream', { inTransaction: true });
        await fast.query('COMMIT'); // the higher position commits first

        // The committed event is visible in the table, yet must be held back behind the open transaction.
        const visible = await store.pool.query(`SELECT count(*)::int AS n FROM ${store.schema}.events WHERE stream_id = $1`, [streamB]);
        expect(visible.rows[0].n).toBe(1);
        await new Promise((r) => setTimeout(r, 300));
        expect(mine()).toHaveLength(0);
        // a reader that asks for unsettled events (a check, not a checkpointing reader) sees it at once
        const ofB = async (unsettled: boolean) => (await store.readAll({ maxCount: 1_000_000, unsettled })).filter((e) => e.streamId === streamB).length;
        expect([await ofB(false), await ofB(true)]).toEqual([0, 1]);

        await slow.query('COMMIT');
      } finally {
        slow.release();
        fast.release();
      }
      await withTimeout(consume, 10_000, () => `saw ${mine().length}`);
      await sub.close();

      const got = mine();
      expect(got.map((e) => e.streamId)).toEqual([streamA, streamB]);
      expect(got[0].position.prepare < got[1].position.prepare).toBe(true);
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1].position, seen[i].position)).toBe(-1);
    });

    it('a reader checkpointing through concurrent writers never loses or repeats an event', async () => {
      const prefix = `load-${randomUUID().slice(0, 8)}`;
      const writers = 8;
      const perWriter = 40;
      const seen = new Map<string, number>();
      let total = 0;
      const sub = store.subscribeToAll({ batchSize: 50 });
      const consume = (async () => {
        for await (const batch of sub) {
          for (const e of batch) {
            if (!e.streamId.startsWith(prefix)) continue;
            seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
            total++;
          }
          if (seen.size >= writers * perWriter) break;
        }
      })();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            // some writers hold their transaction open a little, so commits interleave out of order
            if (w % 2) {
              await store.withClient(async (c) => {
                await c.query('BEGIN');
                await store.appendOn(c, `${prefix}-${w}`, [event(i)], i === 0 ? 'no_stream' : BigInt(i - 1), { inTransaction: true });
                await new Promise((r) => setTimeout(r, Math.random() * 5));
                await c.query('COMMIT');
              });
            } else {
              await store.append(`${prefix}-${w}`, [event(i)], i === 0 ? 'no_stream' : BigInt(i - 1));
            }
          }
        }),
      );
      await withTimeout(consume, 20_000, () => `saw ${seen.size}`);
      await sub.close();
      expect(seen.size).toBe(writers * perWriter);
      expect(total).toBe(writers * perWriter);
    });
  });
});

if (databases.length === 0) {
  it.skip('PostgresEventStore: no PostgreSQL available', () => undefined);
}

export type { EventStore };
