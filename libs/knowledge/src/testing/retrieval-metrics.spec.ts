import { documentRanking, hitAt, ndcgAt, reciprocalRankAt } from './retrieval-metrics';

describe('retrieval metrics', () => {
  const relevant = new Set(['a', 'b']);

  it('hit@k and reciprocal rank look at the first relevant document within k', () => {
    expect(hitAt(['x', 'y', 'a'], relevant, 2)).toBe(0);
    expect(hitAt(['x', 'y', 'a'], relevant, 3)).toBe(1);
    expect(reciprocalRankAt(['x', 'b', 'a'], relevant, 10)).toBe(0.5);
    expect(reciprocalRankAt(['x', 'y'], relevant, 10)).toBe(0);
  });

  it('nDCG@k is 1 for the ideal order and discounts lower ranks by log2', () => {
    expect(ndcgAt(['a', 'b', 'x'], relevant, 10)).toBe(1);
    expect(ndcgAt(['x', 'a'], relevant, 10)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
    expect(ndcgAt(['x'], relevant, 10)).toBe(0);
  });

  it('a document ranks by its best chunk', () => {
    expect(documentRanking(['a', 'x', 'a', 'b'])).toEqual(['a', 'x', 'b']);
  });
});
