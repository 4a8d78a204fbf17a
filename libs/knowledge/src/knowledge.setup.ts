import { OllamaAnswerer, ExtractiveAnswerer, type Answerer } from './answer/answerer';
import type { Embedder } from './embedding/embedder';
import { OllamaEmbedder } from './embedding/ollama.embedder';
import { UseLiteEmbedder } from './embedding/use-lite.embedder';
import { QdrantKnowledgeVectors } from './search/qdrant.vectors';

/** The knowledge assistant's parts chosen by configuration: Ollama and Qdrant when their URLs are set, the embedded defaults otherwise. */
export interface KnowledgeSettings {
  ollamaUrl?: string;
  ollamaEmbedModel?: string;
  ollamaAnswerModel?: string;
  qdrantUrl?: string;
}

let embedded: UseLiteEmbedder | undefined;

export function createKnowledgeEmbedder(settings: KnowledgeSettings): Embedder {
  if (settings.ollamaUrl) return new OllamaEmbedder(settings.ollamaUrl, settings.ollamaEmbedModel);
  // One model per process: it holds ~100 MB once loaded.
  embedded ??= new UseLiteEmbedder();
  return embedded;
}

export function createKnowledgeVectors(settings: KnowledgeSettings): QdrantKnowledgeVectors | undefined {
  return settings.qdrantUrl ? new QdrantKnowledgeVectors(settings.qdrantUrl) : undefined;
}

export function createKnowledgeAnswerer(settings: KnowledgeSettings, log: (message: string) => void = () => undefined): Answerer {
  return settings.ollamaUrl ? new OllamaAnswerer(settings.ollamaUrl, settings.ollamaAnswerModel, log) : new ExtractiveAnswerer();
}

export function describeKnowledgeSetup(settings: KnowledgeSettings): string {
  return [
    settings.ollamaUrl
      ? `embeddings and answers by Ollama (${settings.ollamaEmbedModel}, ${settings.ollamaAnswerModel})`
      : 'embedded embeddings (USE lite, English) and extractive answers',
    settings.qdrantUrl ? 'vectors in Qdrant' : 'vectors searched in process',
  ].join(', ');
}
