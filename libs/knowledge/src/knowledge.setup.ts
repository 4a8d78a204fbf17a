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

/**
 * An embedder for vectors of this model, when the configuration can run it: questions are embedded by the model
 * the index's vectors are of, so an index still of the previous model keeps answering until its rebuild is in.
 */
export function embedderForModel(model: string, settings: KnowledgeSettings): Embedder | undefined {
  const configured = createKnowledgeEmbedder(settings);
  if (configured.model === model) return configured;
  embedded ??= new UseLiteEmbedder();
  if (embedded.model === model) return embedded;
  if (model.startsWith('ollama:') && settings.ollamaUrl) return new OllamaEmbedder(settings.ollamaUrl, model.slice('ollama:'.length));
  return undefined;
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
