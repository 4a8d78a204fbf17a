import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEARANCE_LEVELS, type KnowledgeAccess } from '@megabot/contracts';
import { dot, KnowledgeSearchIndex, normalize, sentencesOf, UseLiteEmbedder, type IndexedChunk, type KnowledgeReader } from '@megabot/knowledge';
import { FIXTURE_DOCUMENTS, FIXTURE_QUESTIONS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { summarize } from '../lib/stats';

/**
 * `npm run bench:knowledge`: top-10 search with the access filter inside it over CHUNKS chunks in the embedded
 * (in-process) index - hybrid (BM25 + 3-grams + USE vectors, the question embedded each time) and lexical alone -
 * and the vector list's recall@10 against exact search. Chunks are made of the fixture corpus's sentences (half
 * English, with vectors: the USE vector of their sentences plus noise, so no 100k texts are embedded), random
 * permissions over 50 tokens and four clearances; readers hold three tokens. Prints JSON and writes
 * bench/results/knowledge-<date>.json.
 */
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 20_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const TOKENS = Array.from({ length: 50 }, (_, i) => `${['department', 'project', 'group', 'office'][i % 4]}:t${i}`);

async function main() {
  const embedder = new UseLiteEmbedder();
  const sentences = FIXTURE_DOCUMENTS.flatMap((d) => sentencesOf(d.body.replace(/^#.*$/gm, '')).map((s) => ({ s, language: d.language })));
  const english = sentences.filter((x) => x.language === 'en');
  const base = await embedder.embed(english.map((x) => x.s));

  const t0 = performance.now();
  const index = new KnowledgeSearchIndex({ embedder });
  const vectors: (Float32Array | null)[] = [];
  const accesses: KnowledgeAccess[] = [];
  for (let i = 0; i < CHUNKS; i++) {
    const en = random() < 0.5;
    let text: string;
    let vector: Float32Array | null = null;
    if (en) {
      const k = Math.floor(random() * english.length);
      text = `${english[k].s} ${pick(english).s} ref ${i}`;
      vector = normalize(Array.from(base[k], (v) => v + (random() - 0.5) * 0.08));
    } else text = `${pick(sentences).s} ${pick(sentences).s} номер ${i}`;
    const access: KnowledgeAccess = {
      public: random() < 0.4,
      allow: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(TOKENS)),
      classification: pick(CLEARANCE_LEVELS.slice(0, 3)),
    };
    vectors.push(vector);
    accesses.push(access);
    const chunk: IndexedChunk = {
      chunkId: `doc:${i}#0`,
      documentKey: `doc:${i}`,
      ordinal: 0,
      title: `Doc ${i}`,
      breadcrumb: [],
      url: `https://wiki.example.com/${i}`,
      headings: [],
      text,
      indexText: text,
      language: en ? 'en' : 'ru',
      access,
      vector,
      model: vector ? embedder.model : null,
    };
    index.replaceDocument(chunk.documentKey, [chunk]);
  }
  const buildMs = performance.now() - t0;
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);

  const readers: KnowledgeReader[] = Array.from({ length: 20 }, () => ({ tokens: new Set([pick(TOKENS), pick(TOKENS), pick(TOKENS)]), clearance: 'internal' }));
  const questions = FIXTURE_QUESTIONS.map((q) => q.question);
  const run = async (lists?: ('bm25' | 'trigram' | 'vector')[]) => {
    const samples: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const start = performance.now();
      await index.search(questions[i % questions.length], readers[i % readers.length], { limit: 10, lists });
      samples.push(performance.now() - start);
    }
    return summarize(samples);
  };
  await run(); // warm-up: the model, the JIT
  const hybrid = await run();
  const lexical = await run(['bm25', 'trigram']);

  // recall@10 of the vector list against exact search over the readable chunks
  let found = 0;
  let wanted = 0;
  const englishQuestions = questions.filter((q) => /^[A-Za-z]/.test(q));
  for (const [i, q] of englishQuestions.entries()) {
    const reader = readers[i % readers.length];
    const [qv] = await embedder.embed([q]);
    const rank = CLEARANCE_LEVELS.indexOf('internal');
    const exact = vectors
      .map((v, j) => ({ j, v }))
      .filter(
        ({ v, j }) =>
          v && CLEARANCE_LEVELS.indexOf(accesses[j].classification) <= rank && (accesses[j].public || accesses[j].allow.some((t) => reader.tokens.has(t))),
      )
      .map(({ v, j }) => ({ id: `doc:${j}#0`, s: dot(qv, v!) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10)
      .map((x) => x.id);
    const got = new Set((await index.search(q, reader, { limit: 10, lists: ['vector'] })).map((h) => h.chunk.chunkId));
    found += exact.filter((id) => got.has(id)).length;
    wanted += exact.length;
  }

  const result = {
    benchmark: 'knowledge',
    at: new Date().toISOString(),
    chunks: CHUNKS,
    queries: QUERIES,
    buildSeconds: Math.round(buildMs) / 1000,
    heapMb,
    hybridTop10Ms: hybrid,
    lexicalTop10Ms: lexical,
    vectorRecallAt10: wanted ? found / wanted : null,
    note: 'hybrid includes embedding the question with USE lite (~8 ms); the in-process vector list is exact (brute force over the readable chunks)',
  };
  console.log(JSON.stringify(result, null, 2));
  const out = path.join('bench', 'results', `knowledge-${result.at.slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
