import { dot, normalize } from '../embedding/embedder';
import { VectorSpace } from './vector-space';

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** Vectors around 60 topics (as paragraphs cluster by subject), random rights per slot. */
function fixture(n: number, dimensions = 32) {
  const topics = Array.from({ length: 60 }, () => normalize(Array.from({ length: dimensions }, () => random() - 0.5)));
  const vectors = Array.from({ length: n }, () => normalize(Array.from(topics[Math.floor(random() * topics.length)], (x) => x + (random() - 0.5) * 0.3)));
  const questions = Array.from({ length: 40 }, () => normalize(Array.from(topics[Math.floor(random() * topics.length)], (x) => x + (random() - 0.5) * 0.3)));
  return { vectors, questions };
}

const exactTop = (q: Float32Array, vectors: Float32Array[], allowed: Uint8Array, k: number) =>
  vectors
    .map((v, i) => [i, dot(q, v)] as const)
    .filter(([i]) => allowed[i])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k)
    .map(([i]) => i);

describe('VectorSpace', () => {
  const { vectors, questions } = fixture(6000);
  const space = new VectorSpace('test-model', 32, 1000);
  vectors.forEach((v, i) => space.set(i, v));
  beforeAll(() => space.prepare());

  it.each([
    ['a broad reader (half the chunks)', 0.5],
    ['a narrow reader (2% of the chunks: exact scan of their own)', 0.02],
  ])('clustered search for %s: only allowed slots, recall@10 ≥ 0.95 against the exact top 10', (_, share) => {
    const allowed = Uint8Array.from(vectors, () => (random() < share ? 1 : 0));
    const count = allowed.reduce((s, a) => s + a, 0);
    expect(space.clusterCount).toBeGreaterThan(0);
    let found = 0;
    for (const q of questions) {
      const got = space.nearest(q, allowed, count, 10).map(([i]) => i);
      for (const i of got) expect(allowed[i]).toBe(1);
      const exact = exactTop(q, vectors, allowed, 10);
      expect(space.nearest(q, allowed, count, 10, true).map(([i]) => i)).toEqual(exact);
      found += exact.filter((i) => got.includes(i)).length;
    }
    expect(found / (questions.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('a deleted vector is never returned; vectors added after clustering are found', () => {
    const allowed = new Uint8Array(6100).fill(1);
    const q = questions[0];
    const [[best]] = space.nearest(q, allowed, 6000, 1);
    space.delete(best);
    expect(space.nearest(q, allowed, 6000, 10).map(([i]) => i)).not.toContain(best);
    space.set(6050, q);
    expect(space.nearest(q, allowed, 6000, 1)[0][0]).toBe(6050);
  });
});
