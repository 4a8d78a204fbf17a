import { randomUUID } from 'node:crypto';
import { comparePositions } from '@megabot/contracts';
import { WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from './event-store.port';

/**
 * One contract every EventStore adapter must pass. Call it inside a describe
 * block with a factory that returns a store on a fresh, isolated namespace.
 */
export function eventStoreContract(open: () => Promise<EventStore>, close: (s: EventStore) => Promise<void>) {
  let store: EventStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await close(store);
  });

  const stream = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
  const event = (n: number, id: string = randomUUID()): EventData => ({
    id,
    type: 'Counted',
    data: { n },
    metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, commandId: randomUUID() },
  });
  const expectConflict = async (p: Promise<unknown>, actual: bigint | 'no_stream') => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect((err as WrongExpectedRevisionError).actual).toBe(actual);
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
