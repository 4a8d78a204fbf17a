import { randomUUID } from 'node:crypto';
import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import type { WriteSideDefinition } from '@megabot/domain';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from './event-store.port';
import { verifyChain } from './hash-chain';
import { StreamCommandProcessor } from './stream-command-processor';

/** A store whose connection a test can cut and restore. */
export interface KillableStore {
  store: EventStore;
  /** The connection breaks: open connections drop, new ones are refused. */
  kill(): Promise<void>;
  revive(): Promise<void>;
  close(): Promise<void>;
}

/** How the contract reaches one adapter. */
export interface EventStoreContractHarness {
  /** A store on a fresh, isolated namespace. */
  open(): Promise<EventStore>;
  close(store: EventStore): Promise<void>;
  /**
   * Writes `n` events that are not the test's own into the global log: on
   * EventStoreDB system (`$`-typed, `$`-stream) and `$>` link events, as the
   * server and its projections write them; on Postgres, events of other
   * streams and types (its analogue).
   */
  writeForeign(store: EventStore, n: number): Promise<void>;
  /** The server forgets the event ids it remembers for `any` / `stream_exists` appends (what a restart does); absent where nothing is cached. */
  forgetIdempotencyCache?(): Promise<void>;
  /** A second store whose connection the test kills and revives. */
  openKillable(): Promise<KillableStore>;
}

/**
 * One contract every EventStore adapter must pass. Call it inside a describe
 * block with the adapter's harness.
 */
export function eventStoreContract(harness: EventStoreContractHarness) {
  let store: EventStore;
  beforeAll(async () => {
    store = await harness.open();
  });
  afterAll(async () => {
    await harness.close(store);
  });

  const stream = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
  const event = (n: number, id: string = randomUUID()): EventData => ({
    id,
    type: 'Counted',
    data: { n },
    metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId: randomUUID() },
  });
  const n = (e: RecordedEvent) => (e.data as { n: number }).n;
  const expectConflict = async (p: Promise<unknown>, actual: bigint | 'no_stream') => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect((err as WrongExpectedRevisionError).actual).toBe(actual);
  };
  /** The global log after `after` until it holds `count` events of `streamId` (a Postgres reader sees settled events only). */
  const readUntil = async (after: GlobalPosition, streamId: string, count: number): Promise<RecordedEvent[]> => {
    for (let i = 0; i < 400; i++) {
      if (i) await new Promise((r) => setTimeout(r, 25));
      const all: RecordedEvent[] = [];
      for (let page = await store.readAll({ after, maxCount: 5000 }); ; page = await store.readAll({ after: all[all.length - 1].position, maxCount: 5000 })) {
        all.push(...page);
        if (page.length < 5000) break;
      }
      if (all.filter((e) => e.streamId === streamId).length >= count) return all;
    }
    throw new Error(`the global log did not show ${count} events of ${streamId}`);
  };

  it('appends to a new stream with no_stream and reads it back in order', async () => {
    const s = stream('new');
    const r = await store.append(s, [event(1), event(2), event(3)], 'no_stream');
    expect(r.nextExpectedRevision).toBe(2n);
    expect(r.duplicate).toBe(false);
    const read = await store.readStream(s);
    expect(read.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(read[0].metadata.schemaVersion).toBe(1);
    expect(comparePositions(read[2].position, r.position)).toBe(0);
  });

  it('rejects no_stream on an existing stream with the actual revision', async () => {
    const s = stream('exists');
    await store.append(s, [event(1), event(2)], 'no_stream');
    await expectConflict(store.append(s, [event(3)], 'no_stream'), 1n);
  });

  it('rejects a stale revision and writes nothing of the batch', async () => {
    const s = stream('stale');
    await store.append(s, [event(1)], 'no_stream');
    await store.append(s, [event(2)], 0n);
    await expectConflict(store.append(s, [event(3), event(4), event(5)], 0n), 1n);
    expect((await store.readStream(s)).length).toBe(2);
  });

  it('rejects a revision ahead of the stream', async () => {
    const s = stream('ahead');
    await store.append(s, [event(1)], 'no_stream');
    await expectConflict(store.append(s, [event(2)], 5n), 0n);
  });

  it('honours stream_exists and any', async () => {
    const s = stream('exists-any');
    await expectConflict(store.append(s, [event(1)], 'stream_exists'), 'no_stream');
    expect((await store.append(s, [event(1)], 'any')).nextExpectedRevision).toBe(0n);
    expect((await store.append(s, [event(2)], 'stream_exists')).nextExpectedRevision).toBe(1n);
    expect((await store.append(s, [event(3)], 'any')).nextExpectedRevision).toBe(2n);
  });

  it('of N concurrent appends at one revision exactly one wins', async () => {
    const s = stream('race');
    await store.append(s, [event(0)], 'no_stream');
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.append(s, [event(i + 1), event(i + 100)], 0n)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
    const read = await store.readStream(s);
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('a retried append with the same event ids writes nothing and answers the original result', async () => {
    const s = stream('retry');
    const batch = [event(1), event(2)];
    const first = await store.append(s, batch, 'no_stream');
    const again = await store.append(s, batch, 'no_stream');
    expect(again.duplicate).toBe(true);
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(comparePositions(again.position, first.position)).toBe(0);
    // also after the stream moved on, and with a fresh expectation
    await store.append(s, [event(3)], 1n);
    const late = await store.append(s, batch, 0n);
    expect(late.duplicate).toBe(true);
    expect(late.nextExpectedRevision).toBe(1n);
    const anyRetry = await store.append(s, batch, 'any');
    expect(anyRetry.duplicate).toBe(true);
    expect((await store.readStream(s)).length).toBe(3);
  });

  it('refuses a batch that mixes already-written and new events, writing none of it', async () => {
    const s = stream('mixed');
    const e1 = event(1);
    await store.append(s, [e1], 'no_stream');
    await expectConflict(store.append(s, [e1, event(2)], 'no_stream'), 0n);
    expect((await store.readStream(s)).length).toBe(1);
  });

  it('refuses the same event id twice in one append with DuplicateEventIdError, writing nothing', async () => {
    const refused = async (p: Promise<unknown>, streamId: string, eventId: string) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DuplicateEventIdError);
      expect(err).toMatchObject({ streamId, eventId });
    };
    const fresh = stream('twice');
    const e1 = event(1);
    await refused(store.append(fresh, [e1, event(2), { ...e1, data: { n: 3 } }], 'no_stream'), fresh, e1.id);
    await refused(store.append(fresh, [e1, e1], 'any'), fresh, e1.id);
    expect(await store.readStream(fresh)).toEqual([]);

    const existing = stream('twice-existing');
    await store.append(existing, [event(0)], 'no_stream');
    const e2 = event(2);
    await refused(store.append(existing, [e2, e2], 0n), existing, e2.id);
    // In a group commit the refusal is that request's alone.
    const other = stream('twice-other');
    const results = await store.appendMany([
      { streamId: existing, events: [e2, e2], expected: 0n },
      { streamId: other, events: [event(1)], expected: 'no_stream' },
    ]);
    expect(results[0]).toBeInstanceOf(DuplicateEventIdError);
    expect(results[1]).toMatchObject({ nextExpectedRevision: 0n, duplicate: false });
    expect((await store.readStream(existing)).map(n)).toEqual([0]);
  });

  it('appendMany writes several streams at once, each all-or-nothing with its own answer', async () => {
    const [a, b, c, d] = ['many-a', 'many-b', 'many-c', 'many-d'].map(stream);
    await store.append(b, [event(1)], 'no_stream');
    await store.append(b, [event(2)], 0n); // b is at 1: an expectation of 0 is stale
    const retried = [event(7)];
    await store.append(c, retried, 'no_stream');
    const results = await store.appendMany([
      { streamId: a, events: [event(1), event(2)], expected: 'no_stream' },
      { streamId: b, events: [event(3)], expected: 0n },
      { streamId: c, events: retried, expected: 'no_stream' },
      { streamId: d, events: [event(1)], expected: 3n },
    ]);
    expect(results[0]).toMatchObject({ nextExpectedRevision: 1n, duplicate: false });
    expect(results[1]).toBeInstanceOf(WrongExpectedRevisionError);
    expect((results[1] as WrongExpectedRevisionError).actual).toBe(1n);
    expect(results[2]).toMatchObject({ nextExpectedRevision: 0n, duplicate: true });
    expect(results[3]).toBeInstanceOf(WrongExpectedRevisionError);
    expect((results[3] as WrongExpectedRevisionError).actual).toBe('no_stream');
    expect((await store.readStream(a)).length).toBe(2);
    expect((await store.readStream(b)).length).toBe(2);
    expect((await store.readStream(c)).length).toBe(1);
    expect(await store.readStream(d)).toEqual([]);
    const fine = await store.appendMany([
      { streamId: a, events: [event(3)], expected: 1n },
      { streamId: d, events: [event(1)], expected: 'no_stream' },
    ]);
    expect(fine.map((r) => (r as { nextExpectedRevision: bigint }).nextExpectedRevision)).toEqual([2n, 0n]);
  });

  it('reads a stream forward from a revision, and an unknown stream as empty', async () => {
    const s = stream('from');
    await store.append(s, [event(1), event(2), event(3), event(4)], 'no_stream');
    expect((await store.readStream(s, { fromRevision: 2n })).map((e) => e.revision)).toEqual([2n, 3n]);
    expect((await store.readStream(s, { fromRevision: 1n, maxCount: 2 })).map((e) => e.revision)).toEqual([1n, 2n]);
    expect(await store.readStream(stream('missing'))).toEqual([]);
  });

  it('reads the global log forward from a position, in order', async () => {
    const a = stream('all-a');
    const b = stream('all-b');
    const start = await store.append(a, [event(1)], 'no_stream');
    await store.append(b, [event(2)], 'no_stream');
    await store.append(a, [event(3)], 0n);
    // The global log hands out settled events only: another client's open transaction on the
    // same server may hold them back for a moment (see the Postgres adapter), so read until they show.
    let all: RecordedEvent[] = [];
    let mine: RecordedEvent[] = [];
    for (let i = 0; i < 200 && mine.length < 2; i++) {
      if (i) await new Promise((r) => setTimeout(r, 25));
      all = await store.readAll({ after: start.position, maxCount: 10_000 });
      mine = all.filter((e) => e.streamId === a || e.streamId === b);
    }
    expect(mine.map((e) => (e.data as { n: number }).n)).toEqual([2, 3]);
    for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
  });

  it('subscribes: catches up, goes live, and resumes from a checkpoint with nothing lost or repeated', async () => {
    const s = stream('sub');
    const before = await store.append(s, [event(1), event(2)], 'no_stream');
    const first = await store.readStream(s);
    const checkpoint = first[0].position; // resume after event 1
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ after: checkpoint, batchSize: 2 });
    const consume = (async () => {
      for await (const batch of sub) {
        for (const e of batch) if (e.streamId === s) seen.push(e);
        if (seen.length >= 3) break;
      }
    })();
    await store.append(s, [event(3)], before.nextExpectedRevision);
    await store.append(s, [event(4)], before.nextExpectedRevision + 1n);
    await withTimeout(consume, 10_000, () => `subscription saw ${seen.length}`);
    await sub.close();
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4]);
    // resume after the last delivered event: only what came later arrives
    await store.append(s, [event(5)], before.nextExpectedRevision + 2n);
    const resumed: number[] = [];
    const sub2 = store.subscribeToAll({ after: seen[2].position });
    await withTimeout(
      (async () => {
        for await (const batch of sub2) {
          for (const e of batch) if (e.streamId === s) resumed.push((e.data as { n: number }).n);
          if (resumed.length >= 1) break;
        }
      })(),
      10_000,
      () => `resumed subscription saw ${resumed}`,
    );
    await sub2.close();
    expect(resumed).toEqual([5]);
  });

  it('pages through the global log with a small maxCount: every page full, nothing skipped or repeated, no system events', async () => {
    const s = stream('paging');
    const start = await store.append(s, [event(0)], 'no_stream');
    for (let i = 1; i <= 30; i++) {
      await harness.writeForeign(store, 1 + (i % 3));
      await store.append(s, [event(i)], BigInt(i - 1));
    }
    await harness.writeForeign(store, 2);
    const settled = await readUntil(start.position, s, 30);
    const last = settled.filter((e) => e.streamId === s).at(-1)!;
    // Everything up to our last event has settled: each page before it must be full.
    const pages: RecordedEvent[][] = [];
    let after = start.position;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 4 });
      pages.push(page);
      if (page.some((e) => e.id === last.id)) break;
      expect(page).toHaveLength(4);
      after = page[page.length - 1].position;
      expect(pages.length).toBeLessThan(500);
    }
    const all = pages.flat();
    expect(all.filter((e) => e.streamId === s).map(n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(all.filter((e) => e.type.startsWith('$') || e.streamId.startsWith('$'))).toEqual([]);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
  });

  it('a catching-up subscription hands out batches of up to batchSize, not a trickle', async () => {
    const s = stream('batches');
    const first = await store.append(s, [event(0)], 'no_stream');
    for (let i = 0; i < 6; i++) {
      await store.append(
        s,
        Array.from({ length: 40 }, (_, k) => event(1 + i * 40 + k)),
        BigInt(i * 40),
      );
      await harness.writeForeign(store, 1);
    }
    const sizes: number[] = [];
    const seen: number[] = [];
    const sub = store.subscribeToAll({ after: first.position, batchSize: 80 });
    await withTimeout(
      (async () => {
        for await (const batch of sub) {
          sizes.push(batch.length);
          for (const e of batch) if (e.streamId === s) seen.push(n(e));
          if (seen.length >= 240) break;
        }
      })(),
      20_000,
      () => `saw ${seen.length} in batches of ${sizes.join(', ')}`,
    );
    await sub.close();
    expect(seen).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(80);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(40);
  });

  describe('a repeated append answers the original result and writes nothing', () => {
    const kinds: { kind: string; prepare: boolean; expect: (before: bigint | undefined) => ExpectedRevision }[] = [
      { kind: 'no_stream', prepare: false, expect: () => 'no_stream' },
      { kind: 'a revision', prepare: true, expect: (before) => before! },
      { kind: 'any', prepare: false, expect: () => 'any' },
      { kind: 'any on an existing stream', prepare: true, expect: () => 'any' },
      { kind: 'stream_exists', prepare: true, expect: () => 'stream_exists' },
    ];
    it.each(kinds)('with $kind', async ({ prepare, expect: expectation }) => {
      const s = stream('repeat');
      const before = prepare ? (await store.append(s, [event(0)], 'no_stream')).nextExpectedRevision : undefined;
      const batch = [event(1), event(2)];
      const first = await store.append(s, batch, expectation(before));
      expect(first.duplicate).toBe(false);
      const same = (r: AppendResult) => {
        expect(r.duplicate).toBe(true);
        expect(r.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(r.position, first.position)).toBe(0);
      };
      same(await store.append(s, batch, expectation(before)));
      // after the stream moved on
      await store.append(s, [event(3)], first.nextExpectedRevision);
      same(await store.append(s, batch, expectation(before)));
      // after the server forgot the ids it caches (a restart, a full cache)
      await harness.forgetIdempotencyCache?.();
      same(await store.append(s, batch, expectation(before)));
      expect((await store.readStream(s)).map(n)).toEqual([...(prepare ? [0] : []), 1, 2, 3]);
    });
  });

  it('a stale instance retrying a command it has not seen answers the original result and keeps the hash chain', async () => {
    type Add = { type: 'Add'; stream: string; amount: number };
    type Added = { type: 'Added'; data: { amount: number } };
    const counter: WriteSideDefinition<Add, Added, number> = {
      name: 'contract-counter',
      decider: { initialState: 0, evolve: (total, e) => total + e.data.amount, decide: (_total, c) => [{ type: 'Added', data: { amount: c.amount } }] },
      streamOf: (c) => c.stream,
      schemaVersionOf: () => 1,
      hashChain: true,
    };
    // Processes whose clocks differ, so what each decides for one command differs in its envelope and hash.
    const processor = (second: number) => new StreamCommandProcessor(store, counter, { clock: () => new Date(Date.UTC(2026, 10, 25, 10, 0, second)) });
    const s = stream('stale');
    const add = (amount: number): Add => ({ type: 'Add', stream: s, amount });
    const one = processor(0);
    const two = processor(1);
    await one.execute(add(1), { commandId: randomUUID() });
    expect((await two.current(s)).revision).toBe(0n); // two's cache stops here

    // The original lands right after what two knows, then the stream moves on.
    const retried = { commandId: randomUUID() };
    const original = await one.execute(add(10), retried);
    await one.execute(add(100), { commandId: randomUUID() });
    const again = await two.execute(add(10), retried);
    expect(again).toMatchObject({ duplicate: true, revision: original.revision });
    expect(again.events.map((e) => e.data)).toEqual([{ amount: 10 }]);
    expect(comparePositions(again.position, original.position)).toBe(0);

    // The original lands further on than where the stale instance expects it.
    const three = processor(2);
    await three.current(s);
    await one.execute(add(1000), { commandId: randomUUID() });
    const later = { commandId: randomUUID() };
    const original2 = await one.execute(add(10_000), later);
    const again2 = await three.execute(add(10_000), later);
    expect(again2).toMatchObject({ duplicate: true, revision: original2.revision });
    expect(comparePositions(again2.position, original2.position)).toBe(0);

    // Both stale instances go on writing onto the real chain.
    await two.execute(add(100_000), { commandId: randomUUID() });
    await three.execute(add(1_000_000), { commandId: randomUUID() });
    const events = await store.readStream(s);
    expect(events.map((e) => (e.data as { amount: number }).amount)).toEqual([1, 10, 100, 1000, 10_000, 100_000, 1_000_000]);
    expect(verifyChain(s, events)).toMatchObject({ status: 'intact', events: 7, unchained: 0 });
    expect((await processor(3).current(s)).state).toBe(1_111_111);
  });

  it('stores a batch of many commands larger than 1 MiB whole and in order', async () => {
    const s = stream('large');
    const text = 'x'.repeat(8 * 1024);
    const commands = Array.from({ length: 50 }, () => randomUUID());
    const events: EventData[] = Array.from({ length: 200 }, (_, i) => ({
      id: randomUUID(),
      type: 'Counted',
      data: { n: i, text },
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId: commands[Math.floor(i / 4)] },
    }));
    const r = await store.append(s, events, 'no_stream');
    expect(r).toMatchObject({ nextExpectedRevision: 199n, duplicate: false });
    const read = await store.readStream(s);
    expect(read.map(n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(comparePositions(read[199].position, r.position)).toBe(0);
    expect(await store.append(s, events, 'no_stream')).toMatchObject({ nextExpectedRevision: 199n, duplicate: true });
  });

  it('answers EventStoreUnavailableError while its connection is cut, and works again once it is back', async () => {
    const killable = await harness.openKillable();
    const other = killable.store;
    try {
      const s = stream('killed');
      const start = await other.append(s, [event(0)], 'no_stream');
      const seen: number[] = [];
      let failure: unknown;
      const sub = other.subscribeToAll({ after: start.position });
      const consuming = (async () => {
        try {
          for await (const batch of sub) for (const e of batch) if (e.streamId === s) seen.push(n(e));
        } catch (e) {
          failure = e;
        }
      })();
      await killable.kill();
      const unavailable = async (what: string, p: Promise<unknown>) => {
        const err = await p.then(
          () => new Error(`${what} succeeded on a cut connection`),
          (e: unknown) => e,
        );
        expect([what, err]).toEqual([what, expect.any(EventStoreUnavailableError)]);
      };
      await unavailable('append', other.append(s, [event(1)], 0n));
      await unavailable('readStream', other.readStream(s));
      await unavailable('readAll', other.readAll({ after: start.position }));
      const many = await other
        .appendMany([
          { streamId: s, events: [event(1)], expected: 0n },
          { streamId: stream('killed-b'), events: [event(1)], expected: 'no_stream' },
        ])
        .catch((e: unknown) => [e, e]);
      expect(many.map((r) => r instanceof EventStoreUnavailableError)).toEqual([true, true]);

      await killable.revive();
      let written: AppendResult | undefined;
      for (let i = 0; !written; i++) {
        written = await other.append(s, [event(1)], 0n).catch((e: unknown) => {
          if (!(e instanceof EventStoreUnavailableError) || i > 100) throw e;
          return new Promise<undefined>((r) => setTimeout(r, 100));
        });
      }
      expect(written.nextExpectedRevision).toBe(1n);
      // The subscription either carried on and delivers what came after, or said the store was unavailable.
      await withTimeout(
        (async () => {
          while (failure === undefined && !seen.includes(1)) await new Promise((r) => setTimeout(r, 25));
        })(),
        15_000,
        () => `subscription saw ${seen}`,
      );
      await sub.close();
      await consuming;
      if (failure !== undefined) expect(failure).toBeInstanceOf(EventStoreUnavailableError);
      expect((await other.readStream(s)).map(n)).toEqual([0, 1]);
    } finally {
      await killable.close();
    }
  });
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
