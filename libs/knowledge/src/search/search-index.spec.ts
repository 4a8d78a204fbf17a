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
    expect(topOfDense(scores, 50)).toEqual(sorted.slice(0, 50));
    expect(topOfDense(Float64Array.from([0, 2, 0]), 5)).toEqual([[1, 2]]);
  });
});
