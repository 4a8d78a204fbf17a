export type { ChoiceContext, ChoiceMatcher, ChoiceOption, MatchResult, MatchVia } from './choice-matcher';
export { FuzzyChoiceMatcher, FUZZY_THRESHOLDS, typoBudget } from './fuzzy-choice-matcher';
export {
  OllamaChoiceMatcher,
  type OllamaChoiceMatcherOptions,
  type OllamaFallbackReason,
  DEFAULT_OLLAMA_CHOICE_MODEL,
  DEFAULT_OLLAMA_TIMEOUT_MS,
  DEFAULT_TRUST_FUZZY_ABOVE,
  OLLAMA_CONFIDENCE,
} from './ollama-choice-matcher';
export { createChoiceMatcher, type ChoiceMatcherEnv } from './create-choice-matcher';
export { choiceReply, displayName } from './choice-reply';
export { CITY_SYNONYMS, type CityGroup } from './city-synonyms';
export { normalise, cyrillicToLatin, latinToCyrillic, latinKey } from './text';
export { damerauLevenshtein } from './damerau-levenshtein';
