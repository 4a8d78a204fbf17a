import type { KnowledgeAccess } from '@megabot/contracts';
import type { Embedder } from '../embedding/embedder';
import { languageOf, stems, trigramVector, words, type TextLanguage } from '../text/analyze';
import { AccessColumns } from './access-columns';
import { Posting, topOfDense } from './columns';
import type { KnowledgeReader } from './reader';
import { VectorSpace } from './vector-space';

/** A chunk as the index holds it: its passage, where it comes from, who may read it, its vector. */
export interface IndexedChunk {
  chunkId: string;
  documentKey: string;
  ordinal: number;
  title: string;
  breadcrumb: string[];
  url: string;
  headings: string[];
  text: string;
  indexText: string;
  language: TextLanguage;
  access: KnowledgeAccess;
  /**
   * Unit length; null when the embedder does not cover the chunk's language. The index keeps it in its model's
   * vector space: chunks it returns carry null here and the model's name in `model`.
   */
  vector: Float32Array | null;
  model: string | null;
}

/**
 * Nearest chunks by vector from an external index (Qdrant), the access filter applied inside its query. Without
 * one, the index searches its own vectors in process.
 */
export interface VectorSearch {
  nearest(vector: Float32Array, model: string, reader: KnowledgeReader, limit: number): Promise<{ chunkId: string; score: number }[]>;
}

export interface SearchHit {
  chunk: IndexedChunk;
  /** Reciprocal-rank-fusion score over the lists the chunk is in. */
  score: number;
  /** Share of the question's (idf-weighted) stems the chunk contains, 0..1. */
  coverage: number;
  /** Cosine of the chunk's and the question's 3-gram vectors. */
  trigram: number;
  /** Cosine of the vectors, when both have one of the same model. */
  cosine: number | null;
  /** Passed the relevance threshold: may be cited. */
  relevant: boolean;
}

export interface SearchOptions {
  limit?: number;
  /** Which lists are fused (for evaluation): default all. */
  lists?: readonly ('bm25' | 'trigram' | 'vector')[];
  /**
   * What may come from the question cache: `all` (default) the results and the question's vector, `question` only
   * the vector (benchmarks of the search itself), `none` nothing.
   */
  cache?: 'all' | 'question' | 'none';
  /** Vectors by an exact scan of every readable chunk, never the clusters (the baseline recall is measured against). */
  exact?: boolean;
}

export interface Thresholds {
  coverage: number;
  trigram: number;
  cosine: number;
}

/** Set on the labelled set (knowledge.quality.spec: unanswerable questions topped at coverage 0.19, trigram 0.13, cosine 0.24; answerable ones started at trigram 0.22): below all three a chunk is not an answer. */
export const DEFAULT_THRESHOLDS: Thresholds = { coverage: 0.5, trigram: 0.2, cosine: 0.5 };

const K1 = 1.2;
const B = 0.75;
const RRF_K = 60;
const LIST_DEPTH = 50;
/** Removed chunks leave their slot (and posting entries) behind until this many are dead and they outnumber the live ones. */
const COMPACT_AFTER = 4096;
const QUESTIONS_KEPT = 2000;
const RESULTS_KEPT = 1000;

/** The question as the caches know it: its words, lower-cased, ё folded (punctuation, case and spacing do not matter). */
export const normalizeQuestion = (question: string) => words(question).join(' ');

/**
 * The embedded knowledge index: BM25 over Snowball stems, hashed character 3-grams and (where the embedder covers
 * the language) vectors, fused by reciprocal rank. The access filter is part of retrieval: every list is computed
 * over the chunks the reader may read - BM25 statistics included - so a chunk the reader may not read is never a
 * candidate, never shifts a score and can never reach an answer.
 *
 * Columnar for speed at 100k chunks: chunks are slots, postings and vectors typed arrays indexed by slot, the
 * reader's rights one byte per slot (AccessColumns) tested inside every scan. Each change bumps `generation`,
 * which invalidates the cached results (a question's vector stays cached: it depends on the model only).
 * Vectors live per embedding model, and the list searches the embedder's; a new model is a new generation of the
 * whole index (the projection rebuilt, then loaded beside this one and swapped in: KnowledgeIndex in the API).
 */
export class KnowledgeSearchIndex {
  private chunks: (IndexedChunk | undefined)[] = [];
  private dead = 0;
  private readonly byDocument = new Map<string, number[]>();
  private readonly byChunkId = new Map<string, number>();
  private readonly postings = new Map<string, Posting>();
  private readonly gramPostings = new Map<number, Posting>();
  private readonly access = new AccessColumns();
  private readonly spaces = new Map<string, VectorSpace>();
  private changes = 0;
  private readonly questionVectors = new Map<string, Float32Array>();
  private readonly results = new Map<string, SearchHit[]>();
  private scores: [Float64Array, Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];

  constructor(private readonly options: { embedder?: Embedder; vectors?: VectorSearch; thresholds?: Thresholds } = {}) {}

  get size(): number {
    return this.byChunkId.size;
  }

  get documents(): number {
    return this.byDocument.size;
  }

  /** Bumped by every change of the index: cached results of an older generation are never served. */
  get generation(): number {
    return this.changes;
  }

  /** Megabytes the index's columns hold: posting lists (stems and 3-grams) and vectors (the chunks' texts not counted). */
  get memoryMb(): { postings: number; vectors: number } {
    let postings = 0;
    for (const map of [this.postings, this.gramPostings] as Map<unknown, Posting>[])
      for (const p of map.values()) postings += p.slots.byteLength + p.values.byteLength;
    let vectors = 0;
    for (const space of this.spaces.values()) vectors += space.bytes;
    return { postings: Math.round(postings / 1e6), vectors: Math.round(vectors / 1e6) };
  }

  /** The embedding model the vector list searches with (null: lexical only). */
  get model(): string | null {
    return this.options.embedder?.model ?? null;
  }

  /** Resolves when the vectors' clusters are built (they build in the background; searches scan exactly meanwhile). */
  async prepare(): Promise<void> {
    await Promise.all([...this.spaces.values()].map((space) => space.prepare()));
  }

  /** Replaces every chunk of the document (none: the document leaves the index). */
  replaceDocument(documentKey: string, chunks: readonly IndexedChunk[]): void {
    for (const slot of this.byDocument.get(documentKey) ?? []) this.remove(slot);
    this.byDocument.delete(documentKey);
    if (chunks.length) {
      const slots: number[] = [];
      for (const chunk of chunks) slots.push(this.add(chunk));
      this.byDocument.set(documentKey, slots);
    }
    this.changed();
    if (this.dead > COMPACT_AFTER && this.dead > this.size) this.compact();
  }

  /** New permissions for every chunk of the document; nothing else changes. */
  setAccess(documentKey: string, access: KnowledgeAccess): void {
    for (const i of this.byDocument.get(documentKey) ?? []) {
      this.chunks[i] = { ...this.chunks[i]!, access };
      this.access.set(i, access);
    }
    this.changed();
  }

  async search(question: string, reader: KnowledgeReader, options: SearchOptions = {}): Promise<SearchHit[]> {
    const limit = options.limit ?? 5;
    const lists = new Set(options.lists ?? ['bm25', 'trigram', 'vector']);
    const thresholds = this.options.thresholds ?? DEFAULT_THRESHOLDS;
    const cache = options.cache ?? 'all';
    const resultKey =
      cache === 'all'
        ? [reader.clearance, [...reader.tokens].sort().join(','), [...lists].join(','), limit, options.exact ?? false, normalizeQuestion(question)].join(
            '\u0000',
          )
        : null;
    const cached = resultKey !== null ? this.results.get(resultKey) : undefined;
    if (cached) return cached.slice();

    // What must be awaited comes first (the question's vector, the external index's answer), so that everything
    // after runs in one turn against one generation of the index.
    const embedder = this.options.embedder;
    let q: Float32Array | null = null;
    let external: { chunkId: string; score: number }[] | null = null;
    if (lists.has('vector') && embedder && embedder.covers(languageOf(question))) {
      q = await this.questionVector(question, embedder, cache !== 'none');
      if (this.options.vectors) external = await this.options.vectors.nearest(q, embedder.model, reader, LIST_DEPTH);
    }

    // The reader's part of the index: every list below is computed over these slots only.
    const { allowed, count, lengthSum } = this.access.maskOf(reader);
    if (!count) return [];
    const n = this.chunks.length;
    const lengths = this.access.lengths;

    // BM25 with the reader's statistics, and the share of the question's weight each chunk covers.
    const [bm25, covered, grams] = this.scratch(n);
    let questionWeight = 0;
    const avgLength = lengthSum / count;
    for (const term of new Set(stems(question))) {
      const posting = this.postings.get(term);
      let df = 0;
      if (posting) for (let j = 0; j < posting.length; j++) if (allowed[posting.slots[j]]) df++;
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      questionWeight += idf;
      if (!df) continue;
      const { slots, values } = posting!;
      for (let j = 0; j < posting!.length; j++) {
        const i = slots[j];
        if (!allowed[i]) continue;
        const tf = values[j];
        bm25[i] += (idf * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * lengths[i]) / avgLength));
        covered[i] += idf;
      }
    }

    // Character 3-grams.
    for (const [bucket, weight] of trigramVector(question)) {
      const posting = this.gramPostings.get(bucket);
      if (!posting) continue;
      const { slots, values } = posting;
      for (let j = 0; j < posting.length; j++) {
        const i = slots[j];
        if (allowed[i]) grams[i] += weight * values[j];
      }
    }

    // Vectors, where the model understands the question's language.
    const space = embedder && this.spaces.get(embedder.model);
    let nearest: [number, number][] = [];
    if (external) {
      // The external index filtered by access already; a chunk whose access changed since is not taken.
      for (const { chunkId, score } of external) {
        const i = this.byChunkId.get(chunkId);
        if (i !== undefined && allowed[i]) nearest.push([i, score]);
      }
    } else if (q && space) nearest = space.nearest(q, allowed, count, LIST_DEPTH, options.exact);

    const fused = new Map<number, number>();
    const fuse = (list: [number, number][]) => list.forEach(([i], rank) => fused.set(i, (fused.get(i) ?? 0) + 1 / (RRF_K + rank + 1)));
    if (lists.has('bm25')) fuse(topOfDense(bm25, n, LIST_DEPTH));
    if (lists.has('trigram')) fuse(topOfDense(grams, n, LIST_DEPTH));
    if (lists.has('vector')) fuse(nearest);
    const cosines = new Map(nearest);

    const hits = [...fused]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i, score]) => {
        const coverage = questionWeight > 0 ? covered[i] / questionWeight : 0;
        const trigram = grams[i];
        const cosine = cosines.get(i) ?? (q && space?.has(i) ? space.cosine(q, i) : null);
        const relevant = coverage >= thresholds.coverage || trigram >= thresholds.trigram || (cosine !== null && cosine >= thresholds.cosine);
        return { chunk: this.chunks[i]!, score, coverage, trigram, cosine, relevant };
      });
    if (resultKey !== null) remember(this.results, resultKey, hits.slice(), RESULTS_KEPT);
    return hits;
  }

  /** The chunk and its neighbours in the document (ordinal ± 1), for context. */
  neighbours(chunkId: string): IndexedChunk[] {
    const i = this.byChunkId.get(chunkId);
    if (i === undefined) return [];
    const chunk = this.chunks[i]!;
    return (this.byDocument.get(chunk.documentKey) ?? [])
      .map((s) => this.chunks[s]!)
      .filter((c) => Math.abs(c.ordinal - chunk.ordinal) <= 1)
      .sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Three score arrays of n zeros, reused across searches (the lists are computed in one turn, never interleaved). */
  private scratch(n: number): [Float64Array, Float64Array, Float64Array] {
    if (this.scores[0].length < n) this.scores = [0, 1, 2].map(() => new Float64Array(Math.max(n, 2 * this.scores[0].length))) as typeof this.scores;
    for (const a of this.scores) a.fill(0, 0, n);
    return this.scores;
  }

  private changed(): void {
    this.changes++;
    this.results.clear();
  }

  private async questionVector(question: string, embedder: Embedder, cached: boolean): Promise<Float32Array> {
    const key = `${embedder.model}\u0000${normalizeQuestion(question)}`;
    const known = cached ? this.questionVectors.get(key) : undefined;
    if (known) return known;
    const [v] = await embedder.embed([question]);
    remember(this.questionVectors, key, v, QUESTIONS_KEPT);
    return v;
  }

  private add(chunk: IndexedChunk): number {
    const i = this.chunks.length;
    // The vector is kept once, in its model's space; the chunk keeps the model's name.
    this.chunks.push({ ...chunk, vector: null });
    this.byChunkId.set(chunk.chunkId, i);
    const terms = new Map<string, number>();
    const all = stems(chunk.indexText);
    for (const t of all) terms.set(t, (terms.get(t) ?? 0) + 1);
    for (const [t, tf] of terms) {
      let posting = this.postings.get(t);
      if (!posting) this.postings.set(t, (posting = new Posting()));
      posting.push(i, tf);
    }
    for (const [b, w] of trigramVector(chunk.indexText)) {
      let posting = this.gramPostings.get(b);
      if (!posting) this.gramPostings.set(b, (posting = new Posting()));
      posting.push(i, w);
    }
    this.access.set(i, chunk.access, all.length);
    if (chunk.vector && chunk.model) {
      let space = this.spaces.get(chunk.model);
      if (!space) this.spaces.set(chunk.model, (space = new VectorSpace(chunk.model, chunk.vector.length)));
      space.set(i, chunk.vector);
    }
    return i;
  }

  /** The slot stops being readable at once; its posting entries go at the next compaction. */
  private remove(i: number): void {
    const chunk = this.chunks[i];
    if (!chunk) return;
    this.access.clear(i);
    for (const space of this.spaces.values()) space.delete(i);
    this.byChunkId.delete(chunk.chunkId);
    this.chunks[i] = undefined;
    this.dead++;
  }

  /** Renumbers the live chunks 0..n-1 and drops the dead slots' entries everywhere. */
  private compact(): void {
    const remap = new Int32Array(this.chunks.length).fill(-1);
    const live: IndexedChunk[] = [];
    this.chunks.forEach((c, i) => {
      if (c) remap[i] = live.push(c) - 1;
    });
    this.chunks = live;
    this.dead = 0;
    for (const [id, i] of this.byChunkId) this.byChunkId.set(id, remap[i]);
    for (const [key, slots] of this.byDocument)
      this.byDocument.set(
        key,
        slots.map((i) => remap[i]),
      );
    for (const postings of [this.postings, this.gramPostings] as Map<unknown, Posting>[]) {
      for (const [key, posting] of postings) {
        posting.remap(remap);
        if (!posting.length) postings.delete(key);
      }
    }
    this.access.remap(remap, (i) => live[i].access);
    for (const space of this.spaces.values()) space.remap(remap);
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V, kept: number): void {
  if (cache.size >= kept) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
