import { normalize, type Embedder } from '../embedding/embedder';
import { topOfDense } from './columns';
import { KnowledgeSearchIndex, type IndexedChunk } from './search-index';

const chunk = (doc: string, ordinal: number, text: string): IndexedChunk => ({
  chunkId: `${doc}#${ordinal}`,
  documentKey: doc,
  ordinal,
  title: doc,
  breadcrumb: [],
  url: `https://wiki.example.com/${doc}`,
  headings: [],
  text,
  indexText: text,
  language: 'en',
  access: { public: true, allow: [], classification: 'internal' },
  vector: null,
  model: null,
});
const everyone = { tokens: new Set<string>(), clearance: 'internal' as const };

describe('KnowledgeSearchIndex', () => {
  it('replaces a document’s chunks as a whole and forgets a removed one (its words find nothing)', async () => {
    const index = new KnowledgeSearchIndex();
    index.replaceDocument('a', [chunk('a', 0, 'parking permits'), chunk('a', 1, 'garage levels'), chunk('a', 2, 'electric chargers')]);
    index.replaceDocument('b', [chunk('b', 0, 'lunch menu')]);
    expect(index.neighbours('a#1').map((c) => c.chunkId)).toEqual(['a#0', 'a#1', 'a#2']);
    index.replaceDocument('a', [chunk('a', 0, 'bicycle racks')]);
    expect(index.size).toBe(2);
    expect(await index.search('parking permits', everyone)).toEqual([]);
    expect((await index.search('bicycle racks', everyone)).map((h) => h.chunk.chunkId)).toEqual(['a#0']);
    index.replaceDocument('a', []);
    expect(index.documents).toBe(1);
    expect(await index.search('bicycle racks', everyone)).toEqual([]);
  });
});

describe('topOfDense', () => {
  it('gives the k best positive entries, best first (ties: lower slot), the same as a full sort', () => {
    const scores = Float64Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i) * 50));
    const sorted = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    expect(topOfDense(scores, 500, 50)).toEqual(sorted.slice(0, 50));
    expect(topOfDense(Float64Array.from([0, 2, 0, 3]), 3, 5)).toEqual([[1, 2]]);
  });
});

/** A deterministic embedder: words hashed into `dimensions` buckets. */
class HashingEmbedder implements Embedder {
  calls: string[][] = [];
  constructor(
    readonly model: string,
    readonly dimensions: number,
  ) {}
  covers = () => true;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((t) => {
      const v = new Array<number>(this.dimensions).fill(0.01);
      for (const w of t.toLowerCase().match(/\p{L}+/gu) ?? []) v[[...w].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % this.dimensions, 7)] += 1;
      return normalize(v);
    });
  }
}

const embedded = async (embedder: Embedder, c: IndexedChunk, access = c.access): Promise<IndexedChunk> => ({
  ...c,
  access,
  vector: (await embedder.embed([c.indexText]))[0],
  model: embedder.model,
});

describe('KnowledgeSearchIndex question cache', () => {
  const finance = { tokens: new Set(['department:Finance']), clearance: 'internal' as const };
  const restricted = { public: false, allow: ['department:Finance'], classification: 'internal' as const };

  it('embeds a question once however it is typed, and serves results per access-token set until the index changes', async () => {
    const embedder = new HashingEmbedder('hash-32', 32);
    const index = new KnowledgeSearchIndex({ embedder });
    index.replaceDocument('a', [await embedded(embedder, chunk('a', 0, 'travel expenses are reimbursed within a week'))]);
    index.replaceDocument('b', [await embedded(embedder, chunk('b', 0, 'the travel budget for next year'), restricted)]);
    embedder.calls = [];

    const first = await index.search('Travel budget?', everyone);
    const again = await index.search('  travel   BUDGET ', everyone);
    expect(embedder.calls).toEqual([['Travel budget?']]);
    expect(again).toEqual(first);
    expect(again[0]).toBe(first[0]); // served from the cache, not searched again
    expect(first.map((h) => h.chunk.documentKey)).toEqual(['a']);

    // Another access-token set never gets the first one's results (nor they its).
    const theirs = await index.search('travel budget', finance);
    expect(theirs.map((h) => h.chunk.documentKey)).toEqual(['b', 'a']);
    expect((await index.search('travel budget', everyone)).map((h) => h.chunk.documentKey)).toEqual(['a']);

    // Any change of the index is a new generation: the cached results go, the question's vector stays.
    const generation = index.generation;
    index.setAccess('b', { ...restricted, public: true });
    expect(index.generation).toBeGreaterThan(generation);
    const after = await index.search('travel budget', everyone);
    expect(after.map((h) => h.chunk.documentKey)).toEqual(['b', 'a']);
    index.replaceDocument('b', []);
    expect((await index.search('travel budget', finance)).map((h) => h.chunk.documentKey)).toEqual(['a']);
    expect(embedder.calls).toHaveLength(1);
  });
});

describe('KnowledgeSearchIndex compaction', () => {
  it('after more removals than live chunks the slots are renumbered: words, rights, vectors and neighbours still hold', async () => {
    const embedder = new HashingEmbedder('hash-32', 32);
    const index = new KnowledgeSearchIndex({ embedder });
    const restricted = { public: false, allow: ['project:sokol'], classification: 'internal' as const };
    const sokol = { tokens: new Set(['project:sokol']), clearance: 'internal' as const };
    for (let i = 0; i < 5000; i++) index.replaceDocument(`old${i}`, [chunk(`old${i}`, 0, `obsolete page ${i}`)]);
    index.replaceDocument('keep', [chunk('keep', 0, 'falcon release notes'), await embedded(embedder, chunk('keep', 1, 'falcon rollback plan'), restricted)]);
    for (let i = 0; i < 5000; i++) index.replaceDocument(`old${i}`, []);

    expect(index.size).toBe(2);
    expect(await index.search('obsolete page', everyone)).toEqual([]);
    expect((await index.search('falcon rollback', everyone)).map((h) => h.chunk.chunkId)).toEqual(['keep#0']);
    const hits = await index.search('falcon rollback plan', sokol, { lists: ['vector'] });
    expect(hits.map((h) => h.chunk.chunkId)).toEqual(['keep#1']);
    expect(hits[0].cosine).toBeCloseTo(1, 5);
    expect(index.neighbours('keep#1').map((c) => c.chunkId)).toEqual(['keep#0', 'keep#1']);
  });
});
