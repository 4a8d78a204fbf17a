import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  excludeSystemEvents,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreDbServerDouble } from './eventstoredb-server-double';

/** The double's own semantics, written from the server's: what the adapter's tests rely on. */
describe('EventStoreDbServerDouble (the server, at the client boundary)', () => {
  const e = (n: number, id = randomUUID()) => jsonEvent({ id, type: 'Counted', data: { n }, metadata: { commandId: randomUUID() } });
  const collect = async <T>(read: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of read) out.push(x);
    return out;
  };
  let server: EventStoreDbServerDouble;
  beforeEach(() => {
    server = new EventStoreDbServerDouble({ idempotencyCacheSize: 4 });
  });

  it('answers a repeat at an explicit revision with the original revision and position, and writes nothing', async () => {
    const batch = [e(1), e(2)];
    const first = await server.appendToStream('s-1', batch, { expectedRevision: NO_STREAM });
    await server.appendToStream('s-1', e(3), { expectedRevision: 1n });
    const again = await server.appendToStream('s-1', batch, { expectedRevision: NO_STREAM });
    expect(again).toEqual(first);
    expect(await collect(server.readStream('s-1'))).toHaveLength(3);
    // the same ids anywhere but right after the expectation: a wrong expected version
    await expect(server.appendToStream('s-1', batch, { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(server.appendToStream('s-1', [batch[0], e(9)], { expectedRevision: NO_STREAM })).rejects.toMatchObject({ actualVersion: 2n });
  });

  it('recognises an any / stream_exists repeat only while the id is cached: once forgotten it is written again', async () => {
    const once = [e(1)];
    const first = await server.appendToStream('s-2', once, { expectedRevision: ANY });
    expect(await server.appendToStream('s-2', once, { expectedRevision: STREAM_EXISTS })).toEqual(first);
    for (let i = 0; i < 4; i++) await server.appendToStream(`other-${i}`, e(i)); // pushes the id out of the cache
    const again = await server.appendToStream('s-2', once, { expectedRevision: ANY });
    expect(again.nextExpectedRevision).toBe(1n);
    expect((await collect(server.readStream('s-2'))).map((r) => r.event!.id)).toEqual([once[0].id, once[0].id]);
  });

  it('interleaves system and link events in $all; the server-side filter of a subscription leaves them out', async () => {
    await server.appendToStream('auction-1', [e(1), e(2)]);
    await server.appendToStream('auction-2', e(3));
    const all = (await collect(server.readAll())) as AllStreamResolvedEvent[];
    const kinds = all.map((r) => (r.event!.type === '$>' ? 'link' : r.event!.type.startsWith('$') ? 'system' : 'user'));
    expect(kinds.filter((k) => k === 'user')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'link').length).toBeGreaterThanOrEqual(6);
    expect(kinds.indexOf('link')).toBeLessThan(kinds.lastIndexOf('user'));
    const link = all.find((r) => r.event!.streamId === '$ce-auction')!.event!;
    expect(link).toMatchObject({ type: '$>', isJson: false });
    expect(Buffer.from(link.data as Uint8Array).toString()).toBe('0@auction-1');

    const sub = server.subscribeToAll({ filter: excludeSystemEvents() });
    const seen: string[] = [];
    for await (const r of sub) {
      seen.push(r.event!.type);
      if (seen.length === 3) break;
    }
    await sub.unsubscribe();
    expect(seen).toEqual(['Counted', 'Counted', 'Counted']);
  });

  it('reads $all from a position inclusively; a subscription starts after it', async () => {
    await server.appendToStream('s-3', [e(1), e(2), e(3)]);
    const records = ((await collect(server.readAll())) as AllStreamResolvedEvent[]).filter((r) => r.event!.streamId === 's-3');
    const from = records[1].event!.position;
    const read = (await collect(server.readAll({ fromPosition: from, maxCount: 1 }))) as AllStreamResolvedEvent[];
    expect(read[0].event!.id).toBe(records[1].event!.id);
    const sub = server.subscribeToAll({ fromPosition: from, filter: excludeSystemEvents() });
    for await (const r of sub) {
      expect(r.event!.id).toBe(records[2].event!.id);
      break;
    }
    await sub.unsubscribe();
  });

  it('reads a stream backwards from its end, and a missing stream fails with StreamNotFoundError', async () => {
    await server.appendToStream('s-4', [e(1), e(2), e(3)]);
    const back = (await collect(server.readStream('s-4', { direction: BACKWARDS, fromRevision: END, maxCount: 2 }))) as ResolvedEvent[];
    expect(back.map((r) => r.event!.revision)).toEqual([2n, 1n]);
    await expect(collect(server.readStream('missing'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('refuses an append larger than --max-append-size', async () => {
    const big = Array.from({ length: 3 }, (_, i) => jsonEvent({ type: 'Big', data: { i, text: 'x'.repeat(400_000) } }));
    await expect(server.appendToStream('s-5', big)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(collect(server.readStream('s-5'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('a follower serves a lagging copy and refuses a leader-only call with NotLeaderError naming the leader', async () => {
    await server.appendToStream('s-6', [e(1), e(2)]);
    server.connectToFollower(100);
    await expect(collect(server.readStream('s-6'))).rejects.toBeInstanceOf(StreamNotFoundError);
    const refused = await collect(server.readStream('s-6', { requiresLeader: true })).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(NotLeaderError);
    expect((refused as NotLeaderError).leader.port).toBe(2113);
    expect(await collect(server.readStream('s-6', { requiresLeader: true }))).toHaveLength(2); // reconnected to the leader
  });

  it('delivers a subscription through a buffer of the size the caller asks for', async () => {
    for (let i = 0; i < 10; i++)
      await server.appendToStream(
        `s-7-${i}`,
        Array.from({ length: 20 }, (_, k) => e(k)),
      );
    /** What the subscription has buffered after 100 ms, or once it holds `atLeast` (a loaded machine fills it slower). */
    const buffered = async (highWaterMark?: number, atLeast = 0) => {
      const sub = server.subscribeToAll({ filter: excludeSystemEvents() }, highWaterMark ? { highWaterMark } : {});
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 200 && sub.readableLength < atLeast; i++) await new Promise((r) => setTimeout(r, 25));
      const n = sub.readableLength;
      await sub.unsubscribe();
      return n;
    };
    expect(await buffered()).toBeLessThanOrEqual(16);
    expect(await buffered(150, 150)).toBeGreaterThanOrEqual(150);
  });
});
