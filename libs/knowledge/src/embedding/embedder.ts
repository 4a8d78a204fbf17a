import type { TextLanguage } from '../text/analyze';

/**
 * Turns passages and questions into vectors (the semantic half of hybrid retrieval). Every stored vector records
 * `model`: vectors of different models are never compared, and a change of model re-embeds.
 */
export interface Embedder {
  /** Names the model and its version, e.g. `use-lite-en@0.2.0` or `ollama:bge-m3`. */
  readonly model: string;
  readonly dimensions: number;
  /** Whether the model's vectors mean something for text in this language (the embedded model knows no Cyrillic). */
  covers(language: TextLanguage): boolean;
  /** Unit-length vectors, one per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function normalize(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
