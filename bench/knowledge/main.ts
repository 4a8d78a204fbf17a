import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEARANCE_LEVELS, knowledgeReadable, type KnowledgeAccess } from '@megabot/contracts';
import {
  dot,
  KnowledgeSearchIndex,
  normalize,
  sentencesOf,
  UseLiteEmbedder,
  type IndexedChunk,
  type KnowledgeReader,
  type SearchOptions,
} from '@megabot/knowledge';
import { FIXTURE_DOCUMENTS, FIXTURE_QUESTIONS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { summarize } from '../lib/stats';
import { measureQuestionToAnswer } from './answer';
import { measureSync } from './sync';

/**
 * `npm run bench:knowledge`: top-10 search with the access filter inside it over CHUNKS chunks in the embedded
 * (in-process) index. Chunks are made of the fixture corpus's sentences, half Russian and half English (the
 * English ones with vectors: the USE vector of a sentence plus noise, so no 100k texts are embedded), random
 * permissions over 50 tokens and three clearances; readers hold three tokens. Measured in one run:
 * - search: hybrid top 10, the question's vector from the cache (the index's own work), and the same with the
 *   vectors scanned exactly (the brute-force baseline), lexical alone, nothing cached (embedding the question with
 *   USE lite included) and a repeated question (the results cache);
 * - recall@10 of the vector list against an exact search computed here, independently of the index;
 * - building the index and clustering its vectors, and the memory they take;
 * - sync throughput of a file share, new content and unchanged content (bench/knowledge/sync.ts);
 * - question → first answer text in the real bot on the Bot API emulator, with the bot's reply to /help as the
 *   baseline (bench/knowledge/answer.ts; first, before this process holds the big index).
 * Prints JSON and writes bench/results/knowledge-<date>.json.
 */
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const SYNC_DOCUMENTS = Number(process.env.BENCH_SYNC_DOCUMENTS ?? 300);
const ANSWER_QUESTIONS = Number(process.env.BENCH_ANSWER_QUESTIONS ?? 80);
const dist = path.resolve(__dirname, '..', '..');

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const TOKENS = Array.from({ length: 50 }, (_, i) => `${['department', 'project', 'group', 'office'][i % 4]}:t${i}`);
const mb = (bytes: number) => Math.round(bytes / 1e6);

async function main() {
  const questionToFirstAnswerText = ANSWER_QUESTIONS > 0 ? await measureQuestionToAnswer(dist, ANSWER_QUESTIONS) : null;
  const embedder = new UseLiteEmbedder();
  const sentences = FIXTURE_DOCUMENTS.flatMap((d) => sentencesOf(d.body.replace(/^#.*$/gm, '')).map((s) => ({ s, language: d.language })));
  const english = sentences.filter((x) => x.language === 'en');
  const base = await embedder.embed(english.map((x) => x.s));

  global.gc?.();
  const before = process.memoryUsage();
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

  const readers: KnowledgeReader[] = Array.from({ length: 20 }, () => ({ tokens: new Set([pick(TOKENS), pick(TOKENS), pick(TOKENS)]), clearance: 'internal' }));
  const questions = FIXTURE_QUESTIONS.map((q) => q.question);
  const t1 = performance.now();
  await index.prepare(); // clusters the vectors (in the background in a server; awaited here)
  const clusterMs = performance.now() - t1;
  global.gc?.();
  const after = process.memoryUsage();

  // The variants take turns query by query, so that the machine's load weighs on each of them alike.
  const variants: Record<string, SearchOptions> = {
    hybrid: { cache: 'question' },
    bruteForce: { cache: 'question', exact: true },
    lexical: { cache: 'question', lists: ['bm25', 'trigram'] },
    uncached: { cache: 'none' },
  };
  const run = async (names: string[]) => {
    const samples = Object.fromEntries(names.map((name) => [name, [] as number[]]));
    for (let i = 0; i < QUERIES; i++) {
      for (let v = 0; v < names.length; v++) {
        const name = names[(i + v) % names.length];
        const start = performance.now();
        await index.search(questions[i % questions.length], readers[i % readers.length], { limit: 10, ...variants[name] });
        samples[name].push(performance.now() - start);
      }
    }
    return Object.fromEntries(names.map((name) => [name, summarize(samples[name])]));
  };
  await run(['hybrid']); // warm-up: the model, the JIT, the questions' vectors
  const timings = await run(Object.keys(variants));
  variants.cached = {};
  await run(['cached']); // every question and reader once: the results are cached
  const { cached } = await run(['cached']);

  // recall@10 of the vector list against exact search over the readable chunks, computed here
  let found = 0;
  let wanted = 0;
  const englishQuestions = questions.filter((q) => /^[A-Za-z]/.test(q));
  for (const [n, q] of englishQuestions.entries()) {
    for (const reader of readers.slice(0, 5)) {
      const [qv] = await embedder.embed([q]);
      const exact = vectors
        .map((v, j) => ({ v, j }))
        .filter(({ v, j }) => v && knowledgeReadable(accesses[j], reader))
        .map(({ v, j }) => ({ id: `doc:${j}#0`, s: dot(qv, v!) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10)
        .map((x) => x.id);
      const got = new Set((await index.search(q, reader, { limit: 10, lists: ['vector'], cache: 'question' })).map((h) => h.chunk.chunkId));
      found += exact.filter((id) => got.has(id)).length;
      wanted += exact.length;
    }
    if (n > 40) break;
  }

  const sync = SYNC_DOCUMENTS > 0 ? await measureSync(SYNC_DOCUMENTS) : null;

  const result = {
    benchmark: 'knowledge',
    at: new Date().toISOString(),
    chunks: CHUNKS,
    vectors: vectors.filter(Boolean).length,
    queries: QUERIES,
    buildSeconds: Math.round(buildMs) / 1000,
    clusterSeconds: Math.round(clusterMs) / 1000,
    memoryMb: {
      index: index.memoryMb,
      heap: mb(after.heapUsed - before.heapUsed),
      arrayBuffers: mb(after.arrayBuffers - before.arrayBuffers),
      rss: mb(after.rss),
    },
    hybridTop10Ms: timings.hybrid,
    bruteForceTop10Ms: timings.bruteForce,
    lexicalTop10Ms: timings.lexical,
    uncachedTop10Ms: timings.uncached,
    cachedTop10Ms: cached,
    sync,
    questionToFirstAnswerText,
    vectorRecallAt10: wanted ? Math.round((found / wanted) * 1000) / 1000 : null,
    note:
      'hybrid, bruteForce and lexical take the question vector from the cache (the index alone); uncached embeds it with USE lite each time; ' +
      'bruteForce scans every readable vector; memory: index = its typed arrays, heap and arrayBuffers = growth of the process while building (chunk texts, the bench’s own copies of the vectors included); a shared 2-core machine, noisy',
  };
  console.log(JSON.stringify(result, null, 2));
  const out = path.join('bench', 'results', `knowledge-${result.at.slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

// Exits when done: the emulator's event subscription (answer.ts) keeps a timer that would hold the process open.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
