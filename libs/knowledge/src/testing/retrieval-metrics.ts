/**
 * Ranked-retrieval measures as BEIR reports them, over a ranking of document ids and the set judged relevant
 * (binary judgements): hit@k, reciprocal rank within the first k, and nDCG@k.
 */
export function hitAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  return ranking.slice(0, k).some((id) => relevant.has(id)) ? 1 : 0;
}

export function reciprocalRankAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const i = ranking.slice(0, k).findIndex((id) => relevant.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function ndcgAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal ? dcg / ideal : 0;
}

/** Chunk hits as a document ranking: each document at the rank of its best chunk. */
export const documentRanking = (documentIds: readonly string[]): string[] => [...new Set(documentIds)];
