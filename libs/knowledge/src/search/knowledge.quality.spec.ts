import { UseLiteEmbedder } from '../embedding/use-lite.embedder';
import { FIXTURE_DOCUMENTS, FIXTURE_QUESTIONS, indexedChunksOf } from '../testing/knowledge-corpus.fixtures';
import { KnowledgeSearchIndex, type SearchOptions } from './search-index';

/**
 * Retrieval quality on the labelled Russian/English set: hit@5 of every list alone and fused, and abstention
 * (a question the base cannot answer gets no relevant hit; an answerable one does). The figures are printed; the
 * floors are asserted for the fused (hybrid) retrieval the assistant uses.
 */
describe('knowledge retrieval quality (labelled RU/EN set)', () => {
  const embedder = new UseLiteEmbedder();
  const index = new KnowledgeSearchIndex({ embedder });
  const employee = { tokens: new Set(['user:e-anna', 'department:Eng', 'office:HQ']), clearance: 'internal' as const };

  beforeAll(async () => {
    for (const d of FIXTURE_DOCUMENTS) index.replaceDocument(`${d.sourceId}:${encodeURIComponent(d.nativeId)}`, await indexedChunksOf(d, embedder));
  }, 60_000);

  const evaluate = async (lists?: SearchOptions['lists']) => {
    let hits = 0;
    let answerable = 0;
    let abstainedRight = 0;
    let rr = 0;
    const misses: string[] = [];
    for (const q of FIXTURE_QUESTIONS) {
      const found = await index.search(q.question, employee, { limit: 5, lists });
      const relevant = found.filter((h) => h.relevant);
      if (q.relevant.length) {
        answerable++;
        const rank = relevant.findIndex((h) => q.relevant.includes(h.chunk.documentKey));
        if (rank >= 0) {
          hits++;
          rr += 1 / (rank + 1);
        } else {
          const top = found.find((h) => q.relevant.includes(h.chunk.documentKey));
          misses.push(
            `${q.question}${top ? ` (${top.chunk.title} #${found.indexOf(top) + 1}: coverage ${top.coverage.toFixed(2)}, trigram ${top.trigram.toFixed(2)}, cosine ${top.cosine?.toFixed(2)})` : ''}`,
          );
        }
      } else if (relevant.length === 0) abstainedRight++;
      else
        misses.push(
          `${q.question} (should abstain; got ${relevant[0].chunk.title}: coverage ${relevant[0].coverage.toFixed(2)}, trigram ${relevant[0].trigram.toFixed(2)}, cosine ${relevant[0].cosine?.toFixed(2)})`,
        );
    }
    const unanswerable = FIXTURE_QUESTIONS.length - answerable;
    return { hitAt5: hits / answerable, mrr: rr / answerable, abstention: abstainedRight / unanswerable, misses };
  };

  it('hybrid retrieval finds an answering document in the top 5 for ≥ 85% of the questions and abstains on ≥ 75% of the unanswerable', async () => {
    const figures = {
      bm25: await evaluate(['bm25']),
      trigram: await evaluate(['trigram']),
      vector: await evaluate(['vector']),
      hybrid: await evaluate(),
    };
    console.log(
      `knowledge retrieval on ${FIXTURE_QUESTIONS.length} questions:\n` +
        Object.entries(figures)
          .map(
            ([name, f]) =>
              `  ${name.padEnd(8)} hit@5 ${f.hitAt5.toFixed(2)}  MRR ${f.mrr.toFixed(2)}  abstention ${f.abstention.toFixed(2)}${f.misses.length ? `  misses: ${f.misses.join(' | ')}` : ''}`,
          )
          .join('\n'),
    );
    expect(figures.hybrid.hitAt5).toBeGreaterThanOrEqual(0.85);
    expect(figures.hybrid.abstention).toBeGreaterThanOrEqual(0.75);
  }, 60_000);
});
