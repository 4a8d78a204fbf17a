import type { ChoiceOption, MatchResult } from './choice-matcher';

/**
 * The reply to an answer that did not pick an option, so the step can stay
 * where it is and ask again: "which one of these?" for `ambiguous`,
 * "did you mean …? the options are …" for `none`. `null` for a `match`.
 */
export function choiceReply(text: string, result: MatchResult, options: ChoiceOption[], language: 'ru' | 'en' = 'ru'): string | null {
  if (result.kind === 'match') return null;
  const byId = new Map(options.map((o) => [o.id, o]));
  const name = (id: string): string => {
    const o = byId.get(id);
    return o ? displayName(o, language) : id;
  };
  const or = language === 'en' ? ' or ' : ' или ';
  if (result.kind === 'ambiguous') {
    const names = result.candidates.map((c) => name(c.id));
    return language === 'en' ? `Which one do you mean: ${list(names, or)}?` : `Уточните, пожалуйста: ${list(names, or)}?`;
  }
  const quoted = quote(text, language);
  const all = options.map((o) => displayName(o, language)).join(', ');
  const known = result.suggestions.filter((id) => byId.has(id));
  if (language === 'en') {
    const guess = known.length ? ` Did you mean ${list(known.map(name), or)}?` : '';
    return `I could not find ${quoted} among the options.${guess} Please choose one of: ${all}.`;
  }
  const guess = known.length ? ` Может быть, ${list(known.map(name), or)}?` : '';
  return `Не нашёл ${quoted} среди вариантов.${guess} Выберите, пожалуйста, один из них: ${all}.`;
}

/** The label to show: the first one in the user's alphabet, else the first one. */
export function displayName(option: ChoiceOption, language: 'ru' | 'en'): string {
  const wanted = language === 'ru' ? /\p{Script=Cyrillic}/u : /^[^\p{Script=Cyrillic}]*$/u;
  return option.labels.find((l) => wanted.test(l)) ?? option.labels[0] ?? option.id;
}

function list(names: string[], or: string): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')}${or}${names[names.length - 1]}`;
}

function quote(text: string, language: 'ru' | 'en'): string {
  const t = text.trim().replace(/\s+/g, ' ');
  const short = t.length > 40 ? `${t.slice(0, 39)}…` : t;
  return language === 'en' ? `"${short}"` : `«${short}»`;
}
