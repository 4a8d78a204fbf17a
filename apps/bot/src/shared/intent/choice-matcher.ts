/**
 * Free-text intent: the port that maps what a user typed at a step that
 * expects a choice (an office, a meeting room, …) to one of the step's options.
 *
 * Adapters: `FuzzyChoiceMatcher` (local, pure, the default) and
 * `OllamaChoiceMatcher` (a local model through Ollama, falling back to the
 * fuzzy matcher). `createChoiceMatcher(env)` picks one from `OLLAMA_URL`.
 */

/** One option of a choice step. */
export interface ChoiceOption {
  /** Stable id the step works with (never shown to the user). */
  id: string;
  /** Display names in any language, the first one being the main one ("Санкт-Петербург", "Saint Petersburg"). */
  labels: string[];
  /** Extra words that also mean this option (abbreviations, nicknames, old names). */
  synonyms?: string[];
}

export interface ChoiceContext {
  /** The user's language; used for the model's prompt and the reply text. */
  language?: 'ru' | 'en';
}

/** Which adapter produced a match. */
export type MatchVia = 'ollama' | 'fuzzy';

export type MatchResult =
  /** The text means this option. `confidence` is in (0, 1]; 1 is an exact label. */
  | { kind: 'match'; id: string; confidence: number; via: MatchVia }
  /** The text fits several options about equally well: ask which one (best first). */
  | { kind: 'ambiguous'; candidates: { id: string; confidence: number }[] }
  /**
   * The text fits no option. `suggestions` are the ids of the options closest to
   * the text (best first, possibly empty), for a "did you mean …?" reply.
   */
  | { kind: 'none'; suggestions: string[] };

export interface ChoiceMatcher {
  match(text: string, options: ChoiceOption[], ctx?: ChoiceContext): Promise<MatchResult>;
}
