import { canonicalJson, chainHash, verifyChain } from './hash-chain';
import type { RecordedEvent } from './event-store.port';

const START = { tx: 0n, seq: 0 } as never;

function chain(n: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    const e = {
      streamId: 'auction-x',
      revision: BigInt(i),
      id: `00000000-0000-4000-8000-00000000000${i}`,
      type: i === 0 ? 'LotOpened' : 'BidPlaced',
      data: { lotId: 'x', amount: 100 + i, nested: { b: 1, a: [1, { d: 2, c: 3 }] } },
      metadata: { occurredAt: `2026-11-25T10:00:0${i}Z`, schemaVersion: 2, actorId: 'e-anna', commandId: `c${i}` },
      position: START,
      recordedAt: new Date(),
    } as RecordedEvent;
    prev = chainHash(e, prev);
    e.metadata.hash = prev;
    out.push(e);
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members, so key order never changes the bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('hash chain', () => {
  it('given an untouched chain, when verified, then it is intact and the head is the last hash', () => {
    const events = chain(5);
    const report = verifyChain('auction-x', events);
    expect(report).toMatchObject({ status: 'intact', events: 5, unchained: 0, firstBroken: null, headHash: events[4].metadata.hash });
  });

  it('given a key reordering of the stored data (as jsonb does), then it still verifies', () => {
    const events = chain(3);
    events[1] = { ...events[1], data: JSON.parse(JSON.stringify({ nested: (events[1].data as any).nested, amount: 101, lotId: 'x' })) };
    expect(verifyChain('auction-x', events).status).toBe('intact');
  });

  it.each([
    ['data edited', (e: RecordedEvent[]) => ((e[2].data as any).amount = 999), '2', 'hash_mismatch'],
    ['acting employee edited', (e: RecordedEvent[]) => (e[1].metadata.actorId = 'e-boris'), '1', 'hash_mismatch'],
    ['type edited', (e: RecordedEvent[]) => (e[3].type = 'BidRetracted'), '3', 'hash_mismatch'],
    ['hash removed', (e: RecordedEvent[]) => delete e[2].metadata.hash, '2', 'missing_hash'],
    ['event deleted', (e: RecordedEvent[]) => e.splice(2, 1), '3', 'revision_gap'],
    ['events swapped', (e: RecordedEvent[]) => ([e[1], e[2]] = [e[2], e[1]]), '2', 'revision_gap'],
  ])('given %s, then the first broken link is reported', (_, tamper, revision, reason) => {
    const events = chain(5);
    tamper(events);
    expect(verifyChain('auction-x', events)).toMatchObject({ status: 'broken', firstBroken: { revision, reason } });
  });

  it('given an edited event whose own hash was recomputed, then the next link breaks', () => {
    const events = chain(4);
    (events[1].data as any).amount = 5;
    events[1].metadata.hash = chainHash(events[1], events[0].metadata.hash!);
    expect(verifyChain('auction-x', events)).toMatchObject({ status: 'broken', firstBroken: { revision: '2', reason: 'hash_mismatch' } });
  });

  it('given a stream without any hash (written before chaining), then it is unverifiable, never intact', () => {
    const events = chain(3).map((e) => ({ ...e, metadata: { ...e.metadata, hash: undefined } }));
    expect(verifyChain('auction-x', events)).toMatchObject({ status: 'unverifiable', unchained: 3, headHash: null });
  });
});
