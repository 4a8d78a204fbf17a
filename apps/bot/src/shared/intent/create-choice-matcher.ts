import type { ChoiceMatcher } from './choice-matcher';
import { FuzzyChoiceMatcher } from './fuzzy-choice-matcher';
import { OllamaChoiceMatcher, type OllamaChoiceMatcherOptions } from './ollama-choice-matcher';

export interface ChoiceMatcherEnv {
  /** Ollama's base URL; when set, choices go through the model (falling back to the fuzzy matcher). */
  OLLAMA_URL?: string;
  /** Model for choices (default `DEFAULT_OLLAMA_CHOICE_MODEL`). */
  OLLAMA_CHOICE_MODEL?: string;
}

/** `OllamaChoiceMatcher` when `OLLAMA_URL` is set, else the local `FuzzyChoiceMatcher`. */
export function createChoiceMatcher(env: ChoiceMatcherEnv, extra: Omit<OllamaChoiceMatcherOptions, 'host' | 'model'> = {}): ChoiceMatcher {
  const host = env.OLLAMA_URL?.trim();
  if (!host) return new FuzzyChoiceMatcher();
  const model = env.OLLAMA_CHOICE_MODEL?.trim() || undefined;
  return new OllamaChoiceMatcher({ ...extra, host, model });
}
