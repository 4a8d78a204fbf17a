import type { KnowledgeAccess } from '@megabot/contracts';
import { dot, type Embedder } from '../embedding/embedder';
import { languageOf, stems, trigramVector, type TextLanguage } from '../text/analyze';
import { compileAccess, readableBy, type CompiledAccess, type KnowledgeReader } from './reader';

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
  /** Unit length; null when the embedder does not cover the chunk's language. */
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
}

export interface Thresholds {
  coverage: number;
  trigram: number;
  cosine: number;
}

/**
 * Below all three a chunk is not an answer. Set on the dev questions only (knowledge.quality.spec's set, and the dev
 * split of samples/knowledge/eval): trigram 0.2 let 5 of the eval dev set's 12 unanswerable questions through (their
 * best chunks reached trigram 0.29); 0.24 is the smallest step that abstains on ≥ 0.8 of them and still answers 17 of 18.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { coverage: 0.5, trigram: 0.24, cosine: 0.5 };

const K1 = 1.2;
const B = 0.75;
const RRF_K = 60;
const LIST_DEPTH = 50;

interface Slot {
  chunk: IndexedChunk;
  access: CompiledAccess;
  length: number;
  terms: Map<string, number>;
  grams: Map<number, number>;
}

/**
 * The embedded knowledge index: BM25 over Snowball stems, hashed character 3-grams and (where the embedder covers
 * the language) vectors, fused by reciprocal rank. The access filter is part of retrieval: every list is computed
 * over the chunks the reader may read - BM25 statistics included - so a chunk the reader may not read is never a
 * candidate, never shifts a score and can never reach an answer.
 */
export class KnowledgeSearchIndex {
  private readonly slots: (Slot | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly byDocument = new Map<string, number[]>();
  private readonly byChunkId = new Map<string, number>();
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly gramPostings = new Map<number, Map<number, number>>();

  constructor(private readonly options: { embedder?: Embedder; vectors?: VectorSearch; thresholds?: Thresholds } = {}) {}

  get size(): number {
    return this.byChunkId.size;
  }

  get documents(): number {
    return this.byDocument.size;
  }

  /** Replaces every chunk of the document (none: the document leaves the index). */
  replaceDocument(documentKey: string, chunks: readonly IndexedChunk[]): void {
    for (const slot of this.byDocument.get(documentKey) ?? []) this.remove(slot);
    this.byDocument.delete(documentKey);
    if (!chunks.length) return;
    const slots: number[] = [];
    for (const chunk of chunks) slots.push(this.add(chunk));
    this.byDocument.set(documentKey, slots);
  }

  /** New permissions for every chunk of the document; nothing else changes. */
  setAccess(documentKey: string, access: KnowledgeAccess): void {
    const compiled = compileAccess(access);
    for (const i of this.byDocument.get(documentKey) ?? []) {
      const slot = this.slots[i]!;
      slot.chunk = { ...slot.chunk, access };
      slot.access = compiled;
    }
  }

  async search(question: string, reader: KnowledgeReader, options: SearchOptions = {}): Promise<SearchHit[]> {
    const limit = options.limit ?? 5;
    const lists = new Set(options.lists ?? ['bm25', 'trigram', 'vector']);
    const thresholds = this.options.thresholds ?? DEFAULT_THRESHOLDS;

    // The reader's part of the index: every list below is computed over these slots only.
    const readable = readableBy(reader);
    const allowed = new Uint8Array(this.slots.length);
    let count = 0;
    let lengthSum = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot && readable(slot.access)) {
        allowed[i] = 1;
        count++;
        lengthSum += slot.length;
      }
    }
    if (!count) return [];

    // BM25 with the reader's statistics, and the share of the question's weight each chunk covers.
    const bm25 = new Map<number, number>();
    const covered = new Map<number, number>();
    const terms = [...new Set(stems(question))];
    let questionWeight = 0;
    const avgLength = lengthSum / count;
    for (const term of terms) {
      const posting = this.postings.get(term);
      let df = 0;
      if (posting) for (const i of posting.keys()) if (allowed[i]) df++;
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      questionWeight += idf;
      if (!df) continue;
      for (const [i, tf] of posting!) {
        if (!allowed[i]) continue;
        const norm = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.slots[i]!.length) / avgLength));
        bm25.set(i, (bm25.get(i) ?? 0) + idf * norm);
        covered.set(i, (covered.get(i) ?? 0) + idf);
      }
    }

    // Character 3-grams.
    const grams = new Map<number, number>();
    for (const [bucket, weight] of trigramVector(question)) {
      const posting = this.gramPostings.get(bucket);
      if (!posting) continue;
      for (const [i, w] of posting) if (allowed[i]) grams.set(i, (grams.get(i) ?? 0) + weight * w);
    }

    // Vectors, where the model understands the question's language.
    const cosines = new Map<number, number>();
    const embedder = this.options.embedder;
    if (lists.has('vector') && embedder && embedder.covers(languageOf(question))) {
      const [q] = await embedder.embed([question]);
      if (this.options.vectors) {
        for (const { chunkId, score } of await this.options.vectors.nearest(q, embedder.model, reader, LIST_DEPTH)) {
          const i = this.byChunkId.get(chunkId);
          // The external index filtered by access already; a chunk whose access changed since is not taken.
          if (i !== undefined && allowed[i]) cosines.set(i, score);
        }
      } else {
        for (let i = 0; i < this.slots.length; i++) {
          if (!allowed[i]) continue;
          const chunk = this.slots[i]!.chunk;
          if (chunk.vector && chunk.model === embedder.model) cosines.set(i, dot(q, chunk.vector));
        }
      }
    }

    const fused = new Map<number, number>();
    const fuse = (scores: Map<number, number>) => {
      topOf(scores, LIST_DEPTH).forEach(([i], rank) => fused.set(i, (fused.get(i) ?? 0) + 1 / (RRF_K + rank + 1)));
    };
    if (lists.has('bm25')) fuse(bm25);
    if (lists.has('trigram')) fuse(grams);
    if (lists.has('vector')) fuse(cosines);

    return [...fused]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i, score]) => {
        const coverage = questionWeight > 0 ? (covered.get(i) ?? 0) / questionWeight : 0;
        const trigram = grams.get(i) ?? 0;
        const cosine = cosines.has(i) ? cosines.get(i)! : null;
        const relevant = coverage >= thresholds.coverage || trigram >= thresholds.trigram || (cosine !== null && cosine >= thresholds.cosine);
        return { chunk: this.slots[i]!.chunk, score, coverage, trigram, cosine, relevant };
      });
  }

  /** The chunk and its neighbours in the document (ordinal ± 1), for context. */
  neighbours(chunkId: string): IndexedChunk[] {
    const i = this.byChunkId.get(chunkId);
    if (i === undefined) return [];
    const chunk = this.slots[i]!.chunk;
    return (this.byDocument.get(chunk.documentKey) ?? [])
      .map((s) => this.slots[s]!.chunk)
      .filter((c) => Math.abs(c.ordinal - chunk.ordinal) <= 1)
      .sort((a, b) => a.ordinal - b.ordinal);
  }

  private add(chunk: IndexedChunk): number {
    const terms = new Map<string, number>();
    const all = stems(chunk.indexText);
    for (const t of all) terms.set(t, (terms.get(t) ?? 0) + 1);
    const grams = trigramVector(chunk.indexText);
    const slot: Slot = { chunk, access: compileAccess(chunk.access), length: all.length, terms, grams };
    const i = this.free.pop() ?? this.slots.length;
    this.slots[i] = slot;
    this.byChunkId.set(chunk.chunkId, i);
    for (const [t, tf] of terms) {
      let posting = this.postings.get(t);
      if (!posting) this.postings.set(t, (posting = new Map()));
      posting.set(i, tf);
    }
    for (const [b, w] of grams) {
      let posting = this.gramPostings.get(b);
      if (!posting) this.gramPostings.set(b, (posting = new Map()));
      posting.set(i, w);
    }
    return i;
  }

  private remove(i: number): void {
    const slot = this.slots[i];
    if (!slot) return;
    for (const t of slot.terms.keys()) {
      const posting = this.postings.get(t)!;
      posting.delete(i);
      if (!posting.size) this.postings.delete(t);
    }
    for (const b of slot.grams.keys()) {
      const posting = this.gramPostings.get(b)!;
      posting.delete(i);
      if (!posting.size) this.gramPostings.delete(b);
    }
    this.byChunkId.delete(slot.chunk.chunkId);
    this.slots[i] = undefined;
    this.free.push(i);
  }
}

/** The `k` best entries by score, best first (ties: lower slot first), without sorting the whole list: a bounded min-heap. */
export function topOf(scores: Map<number, number>, k: number): [number, number][] {
  const heap: [number, number][] = [];
  const worse = (a: [number, number], b: [number, number]) => a[1] < b[1] || (a[1] === b[1] && a[0] > b[0]);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const entry of scores) {
    if (heap.length < k) {
      heap.push(entry);
      up(heap.length - 1);
    } else if (worse(heap[0], entry)) {
      heap[0] = entry;
      down(0);
    }
  }
  return heap.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}
