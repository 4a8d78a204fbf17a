import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLEARANCE_LEVELS } from '@megabot/contracts';
import { knowledgeSourceWriteSide } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import { createKnowledgeEmbedder, type KnowledgeReader, type SearchHit, type SearchOptions } from '@megabot/knowledge';
import { documentRanking, hitAt, ndcgAt, reciprocalRankAt } from '@megabot/knowledge/testing/retrieval-metrics';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, waitForProjections, type ScratchStores } from '@megabot/testing/scratch-stores';
// The API's own index (the one /knowledge/ask searches), loaded from the projection's tables.
import type { ApiOptions } from '../../../../api/src/core/api-options';
import { KnowledgeIndex } from '../../../../api/src/knowledge/knowledge.index';
import { ProjectionRunner } from '../../projection-runner';
import { employeesByEmail } from '../connectors/connector-testing';
import { ConfluenceFixture } from '../connectors/fixtures/confluence.fixture';
import { MediaWikiFixture } from '../connectors/fixtures/mediawiki.fixture';
import { KnowledgeProjection } from '../knowledge.projection';
import { KnowledgeSourcesProjection } from '../sources/knowledge-sources.projection';
import { KnowledgeSyncManager } from '../sync/knowledge-sync.manager';
import { EVAL_SOURCE_IDS, loadEvalDataset, serveEvalCorpus, type EvalDataset, type EvalDocument } from './knowledge-eval.dataset';

const [db] = testDatabases();
const admin = { employeeId: 'e-admin', roles: ['admin'] };

const LISTS: Record<string, SearchOptions['lists']> = {
  bm25: ['bm25'],
  lexical: ['bm25', 'trigram'],
  vector: ['vector'],
  hybrid: undefined,
};
const round = (x: number) => Math.round(x * 1000) / 1000;
const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/**
 * The knowledge evaluation (samples/knowledge/eval, BEIR layout): the corpus is served by a file share, a MediaWiki
 * and a Confluence fixture, synced through the real connectors, sync manager and projections (then a page is
 * deleted and one updated at the source, and synced again), and the questions are asked of the API's index as the
 * employee each names. It reports hit@5, MRR@10 and nDCG@10 per retrieval list, abstention accuracy, and the leak
 * count: every question asked as every employee, nothing outside their rights (by the corpus' ground truth, not the
 * index's own tokens) retrieved, cited or quoted, and nothing deleted or overwritten either. The relevance thresholds
 * are the ones set on the earlier labelled set (knowledge-corpus.fixtures, the dev set); this set is test only.
 */
describe('knowledge evaluation (BEIR set over the fixture sources)', () => {
  const dev = loadEvalDataset('dev');
  const dataset = loadEvalDataset('test');
  const questions = [...dev.queries, ...dataset.queries];
  const byId = new Map(dataset.corpus.map((d) => [d._id, d]));
  let scratch: ScratchStores;
  let runners: ProjectionRunner[];
  let shareRoot: string;
  const wiki = new MediaWikiFixture(5);
  const confluence = new ConfluenceFixture(5);
  let index: KnowledgeIndex;
  let corpusIdOf: Map<string, string>;
  const readers = new Map<string, KnowledgeReader>();

  const caughtUp = () => waitForProjections(scratch, ['knowledge_sources', 'knowledge']);

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
    const embedder = createKnowledgeEmbedder({});
    runners = [new KnowledgeSourcesProjection(), new KnowledgeProjection({ embedder })].map((p) => new ProjectionRunner(scratch.store, scratch.ds, p));
    runners.forEach((r) => r.start());
    await Promise.all([wiki.server.start(), confluence.server.start()]);
    shareRoot = mkdtempSync(join(tmpdir(), 'knowledge-eval-'));
    const served = serveEvalCorpus(dataset, { shareRoot, wiki, confluence });
    corpusIdOf = served.corpusIdOf;

    const sources = new StreamCommandProcessor(scratch.store, knowledgeSourceWriteSide, {});
    const configure = (sourceId: string, kind: string, location: string, settings: Record<string, string[]> = {}) =>
      sources.execute(
        {
          type: 'ConfigureKnowledgeSource',
          sourceId,
          kind,
          name: sourceId,
          location,
          settings,
          credentialRef: null,
          syncEveryMinutes: null,
          actor: admin,
        } as never,
        { commandId: `configure-${sourceId}`, actorId: admin.employeeId },
      );
    await configure(EVAL_SOURCE_IDS.share, 'fileshare', shareRoot);
    await configure(EVAL_SOURCE_IDS.wiki, 'mediawiki', wiki.api);
    await configure(EVAL_SOURCE_IDS.confluence, 'confluence', confluence.site, { spaces: ['HR', 'ENG', 'FIN'] });
    await caughtUp();

    const manager = new KnowledgeSyncManager(scratch.store, scratch.ds, {
      environment: {
        shareRoots: [tmpdir()],
        secrets: {},
        employees: employeesByEmail(Object.fromEntries(dataset.sources.employees.map((e) => [e.email, e.id]))),
        http: { sleep: async () => undefined },
      },
    });
    const syncAll = async (mode: 'full' | 'incremental') => {
      for (const sourceId of Object.values(EVAL_SOURCE_IDS)) {
        expect(await manager.run(sourceId, mode)).toMatchObject({ failed: 0 });
        await caughtUp();
      }
    };
    await syncAll('full');
    served.change(); // a page deleted and one updated at each source that has one
    await syncAll('incremental');

    index = new KnowledgeIndex({ knowledge: {} } as ApiOptions, scratch.ds);
    for (const e of dataset.sources.employees) {
      const { id, department, office, projects, clearance, active } = e;
      const attributes = { department, office, projects, clearance, clearanceRank: CLEARANCE_LEVELS.indexOf(clearance) };
      // A dismissed employee is no actor the API resolves: the request comes without an employee.
      readers.set(id, await index.readerOf(active === false ? { principal: 'bot', roles: [] } : { principal: 'bot', roles: [], employeeId: id, attributes }));
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all([wiki.server.stop(), confluence.server.stop()]);
    await scratch.close();
    rmSync(shareRoot, { recursive: true, force: true });
  });

  const corpusOf = (hit: SearchHit): EvalDocument => {
    const id = corpusIdOf.get(hit.chunk.documentKey);
    if (!id) throw new Error(`a hit from a document outside the corpus: ${hit.chunk.documentKey}`);
    return byId.get(id)!;
  };
  const mayRead = (doc: EvalDocument, employeeId: string) =>
    dataset.sources.employees.find((e) => e.id === employeeId)?.active !== false &&
    (doc.metadata.readers.includes('*') || doc.metadata.readers.includes(employeeId));

  const evaluate = async (split: EvalDataset) => {
    const retrieval: Record<string, Record<string, number | null>> = {};
    const byType: Record<string, number[]> = {};
    const byLanguage: Record<string, number[]> = {};
    const misses: string[] = [];
    const answerable = split.queries.filter((q) => split.qrels.has(q._id));
    for (const [name, lists] of Object.entries(LISTS)) {
      const hit5: number[] = [];
      const mrr: number[] = [];
      const ndcg: number[] = [];
      for (const q of answerable) {
        const hits = await index.search(q.text, readers.get(q.metadata.user)!, { limit: 30, lists });
        const ranking = documentRanking(hits.map((h) => corpusOf(h)._id));
        const relevant = split.qrels.get(q._id)!;
        hit5.push(hitAt(ranking, relevant, 5));
        mrr.push(reciprocalRankAt(ranking, relevant, 10));
        ndcg.push(ndcgAt(ranking, relevant, 10));
        if (name === 'hybrid') {
          (byType[q.metadata.type] ??= []).push(hit5.at(-1)!);
          (byLanguage[q.metadata.language] ??= []).push(hit5.at(-1)!);
          if (!hit5.at(-1)) misses.push(`${q._id} ${q.text} -> ${ranking.slice(0, 3).join(', ')}`);
        }
      }
      retrieval[name] = { 'hit@5': mean(hit5), 'MRR@10': mean(mrr), 'nDCG@10': mean(ndcg) };
    }

    // Abstention: the assistant says it does not know (no hit passes the threshold) exactly when nothing answers.
    let abstainedRight = 0;
    let answeredWrongly = 0;
    let falseAbstentions = 0;
    const unanswerable = split.queries.filter((q) => !split.qrels.has(q._id));
    for (const q of split.queries) {
      const hits = await index.search(q.text, readers.get(q.metadata.user)!);
      const answered = hits.some((h) => h.relevant);
      if (split.qrels.has(q._id)) {
        if (!answered) {
          falseAbstentions++;
          misses.push(`${q._id} ${q.text} -> abstained`);
        }
      } else if (!answered) abstainedRight++;
      else {
        answeredWrongly++;
        const top = hits.find((h) => h.relevant)!;
        misses.push(
          `${q._id} ${q.text} -> answered from ${corpusOf(top)._id} (coverage ${top.coverage.toFixed(2)}, trigram ${top.trigram.toFixed(2)}, cosine ${top.cosine?.toFixed(2)})`,
        );
      }
    }

    const figures = {
      set: { documents: split.corpus.length, questions: split.queries.length, answerable: answerable.length, unanswerable: unanswerable.length },
      retrieval,
      hybridHitAt5: {
        byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, mean(v)])),
        byLanguage: Object.fromEntries(Object.entries(byLanguage).map(([k, v]) => [k, mean(v)])),
      },
      abstention: {
        accuracy: round(abstainedRight / unanswerable.length),
        answeredUnanswerable: answeredWrongly,
        abstainedOnAnswerable: falseAbstentions,
      },
      misses,
    };
    return figures;
  };

  it('reports retrieval quality per list and abstention, and holds the floors on the test split (hybrid hit@5 ≥ 0.85, abstention ≥ 0.8)', async () => {
    const figures = { dev: await evaluate(dev), test: await evaluate(dataset) };
    console.log(`knowledge evaluation:\n${JSON.stringify(figures, null, 2)}`);
    expect(figures.test.retrieval.hybrid['hit@5']).toBeGreaterThanOrEqual(0.85);
    expect(figures.test.abstention.accuracy).toBeGreaterThanOrEqual(0.8);
  }, 240_000);

  it('leaks nothing: every question as every employee retrieves, cites and quotes only what they may read, and nothing deleted or overwritten', async () => {
    const leaks: string[] = [];
    const stale: string[] = [];
    const secrets = dataset.corpus.filter((d) => d.metadata.secret);
    const gone = dataset.corpus.filter((d) => d.metadata.stale);
    let asked = 0;
    for (const q of questions) {
      for (const [employeeId, reader] of readers) {
        asked++;
        const hits = await index.search(q.text, reader, { limit: 10 });
        const answer = await index.answerer.answer(q.text, hits);
        for (const hit of hits) {
          const doc = corpusOf(hit);
          if (!mayRead(doc, employeeId)) leaks.push(`${q._id} as ${employeeId}: retrieved ${doc._id}`);
          if (doc.metadata.lifecycle === 'deleted') stale.push(`${q._id} as ${employeeId}: retrieved deleted ${doc._id}`);
        }
        for (const c of answer.citations) {
          const doc = byId.get(corpusIdOf.get(c.documentKey)!)!;
          if (!mayRead(doc, employeeId)) leaks.push(`${q._id} as ${employeeId}: cited ${doc._id}`);
        }
        const shown = `${answer.text}\n${hits.map((h) => h.chunk.text).join('\n')}`;
        for (const d of secrets)
          if (!mayRead(d, employeeId) && shown.includes(d.metadata.secret!)) leaks.push(`${q._id} as ${employeeId}: quoted ${d.metadata.secret}`);
        for (const d of gone) if (shown.includes(d.metadata.stale!)) stale.push(`${q._id} as ${employeeId}: quoted "${d.metadata.stale}" of ${d._id}`);
      }
    }
    console.log(`knowledge evaluation leaks: ${JSON.stringify({ asked, users: readers.size, leaks: leaks.length, stale: stale.length })}`);
    expect(leaks).toEqual([]);
    expect(stale).toEqual([]);

    // Positive control: each restricted document's reader gets it cited.
    for (const q of dataset.queries.filter((x) => x.metadata.type === 'restricted')) {
      const answer = await index.answerer.answer(q.text, await index.search(q.text, readers.get(q.metadata.user)!));
      expect(answer.citations.map((c) => corpusIdOf.get(c.documentKey))).toEqual(expect.arrayContaining([...dataset.qrels.get(q._id)!]));
    }
  }, 240_000);
});
