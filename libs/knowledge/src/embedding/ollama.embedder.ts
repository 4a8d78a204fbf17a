import { Ollama } from 'ollama';
import type { TextLanguage } from '../text/analyze';
import { normalize, type Embedder } from './embedder';

/** Multilingual (Russian and English) and served by a stock Ollama: `ollama pull bge-m3`. */
export const DEFAULT_OLLAMA_EMBED_MODEL = 'bge-m3';

/** Embeddings from Ollama (`OLLAMA_URL`, model `OLLAMA_EMBED_MODEL`): every language it is given. */
export class OllamaEmbedder implements Embedder {
  readonly model: string;
  private readonly client: Ollama;
  private size = 0;

  constructor(
    host: string,
    private readonly modelName = DEFAULT_OLLAMA_EMBED_MODEL,
    fetchImpl?: typeof fetch,
  ) {
    this.model = `ollama:${modelName}`;
    this.client = new Ollama({ host, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  }

  get dimensions(): number {
    return this.size;
  }

  covers(_language: TextLanguage): boolean {
    return true;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 32) {
      try {
        const { embeddings } = await this.client.embed({ model: this.modelName, input: texts.slice(i, i + 32), truncate: true });
        for (const v of embeddings) out.push(normalize(v));
      } catch (e) {
        throw new Error(`Ollama embeddings (${this.modelName}) failed: ${ollamaProblem(e)}`, { cause: e });
      }
    }
    this.size = out[0]?.length ?? this.size;
    return out;
  }
}

/** "fetch failed" says nothing: name the missing service. */
export function ollamaProblem(e: unknown): string {
  const err = e as Error & { cause?: { code?: string } };
  if (err?.message === 'fetch failed') return `Ollama is not reachable (${err.cause?.code ?? 'connection failed'})`;
  return err instanceof Error ? err.message : String(e);
}
