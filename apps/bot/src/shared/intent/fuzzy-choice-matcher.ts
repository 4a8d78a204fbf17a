import type { ChoiceContext, ChoiceMatcher, ChoiceOption, MatchResult } from './choice-matcher';
import { CITY_SYNONYMS } from './city-synonyms';
import { damerauLevenshtein } from './damerau-levenshtein';
import { STOPWORDS, type Script, type Token, isGenericWord, scriptOf, tokenize } from './text';

/**
 * Scores and thresholds of the fuzzy matcher. Scores are in [0, 1]; every
 * fuzzy score is capped below the exact ones, so an exact label always wins.
 */
export const FUZZY_THRESHOLDS = {
  /** The text equals a label (after normalisation). */
  exactLabel: 1,
  /** The text's Latin key equals a label's (the same name in the other script or another romanisation). */
  exactLabelKey: 0.98,
  /** The text equals a synonym (the option's own or a built-in one). */
  exactSynonym: 0.97,
  /** Highest fuzzy score (all content words equal, but extra fillers/generic words around them). */
  fuzzyCap: 0.95,
  /** Two words with the same stem but different case endings ("питере"/"питер", "москве"/"москва"). */
  inflection: 0.92,
  /** A typo at distance d within the length budget scores `typoBase - typoStep * d` (0.84, 0.76, 0.68). */
  typoBase: 0.92,
  typoStep: 0.08,
  /** A prefix of ≥ 3 letters scores `prefixBase + prefixSpan * prefixLength / wordLength` ("перег" of "переговорная": 0.72). */
  prefixBase: 0.55,
  prefixSpan: 0.4,
  minPrefix: 3,
  /** Best score needed for a `match`. */
  match: 0.7,
  /** Score an option needs to be a candidate of `ambiguous`. */
  candidate: 0.6,
  /** Options within this of the best one (and ≥ `candidate`) make the answer `ambiguous`. */
  ambiguityMargin: 0.1,
  /** Weight of generic words ("офис", "room", "переговорная", words every option has, single letters). */
  weakWeight: 0.25,
  /** Factor when the text names a number and the option has other numbers only. */
  numberMismatch: 0.3,
  /** For `none`: options scoring at least this are suggested … */
  suggestion: 0.35,
  /** … and so are options whose whole name is this similar by edit distance (1 - d / longer length). */
  looseSuggestion: 0.6,
  maxSuggestions: 3,
  maxCandidates: 5,
  /** Longer texts are cut: nobody names an office in a paragraph. */
  maxInputLength: 256,
} as const;

const T = FUZZY_THRESHOLDS;

/** Typo budget by length: ≤ 3 letters exact only, 4-7 one edit, 8-11 two, 12+ three. */
export function typoBudget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}

type Space = 'raw' | 'lat' | 'cyr';
const SPACES: readonly Space[] = ['raw', 'lat', 'cyr'];
const RAW_ONLY: readonly Space[] = ['raw'];

/**
 * Where to look for typos, prefixes and endings: in the script both were
 * written in (a typo happens in the typed script, and the Latin key of two
 * Cyrillic words would hide differences like "ь"), or through transliteration
 * when the scripts differ. Equality is checked in every space.
 */
function fuzzySpaces(a: Script, b: Script): readonly Space[] {
  return a === b && (a === 'cyr' || a === 'lat') ? RAW_ONLY : SPACES;
}

/** A text (the user's, a label, a synonym) taken apart once. */
interface Analysed {
  tokens: Token[];
  /** Tokens without stopwords (all tokens when only stopwords are there). */
  content: Token[];
  /** All tokens joined without spaces, per space. */
  whole: Record<Space, string>;
  /** Content tokens joined without spaces, per space. */
  body: Record<Space, string>;
  /** Numbers named, sorted. */
  nums: number[];
  /** Alphabet of the content words. */
  script: Script;
}

function join(tokens: Token[]): Record<Space, string> {
  return {
    raw: tokens.map((t) => t.raw).join(''),
    lat: tokens.map((t) => t.lat).join(''),
    cyr: tokens.map((t) => t.cyr).join(''),
  };
}

function analyse(text: string): Analysed {
  const tokens = tokenize(text.slice(0, T.maxInputLength));
  const filtered = tokens.filter((t) => !STOPWORDS.has(t.raw));
  const content = filtered.length ? filtered : tokens;
  const nums = tokens.flatMap((t) => (t.num === null ? [] : [t.num])).sort((a, b) => a - b);
  const body = join(content);
  return { tokens, content, whole: join(tokens), body, nums, script: scriptOf(body.raw) };
}

const ENDING = /^[аеиоуыэюяйьмхвaeiouyjmhv]*$/;

/** Same stem, different short case endings: "питере"/"питер", "москве"/"москва", "нижнем"/"нижний". */
function sameStem(x: string, y: string): boolean {
  const max = Math.min(x.length, y.length);
  let lcp = 0;
  while (lcp < max && x[lcp] === y[lcp]) lcp++;
  if (lcp < 4 || lcp < 0.6 * Math.max(x.length, y.length)) return false;
  const rx = x.slice(lcp);
  const ry = y.slice(lcp);
  return rx.length <= 2 && ry.length <= 2 && rx !== ry && ENDING.test(rx) && ENDING.test(ry);
}

/** Similarity of a word of the text (`a`) to a word of an option (`b`). */
function tokenSimilarity(a: Token, b: Token): number {
  if (a.num !== null || b.num !== null) return a.num !== null && a.num === b.num ? 1 : 0;
  if (a.raw === b.raw || a.lat === b.lat || a.cyr === b.cyr) return 1;
  let best = 0;
  for (const space of fuzzySpaces(a.script, b.script)) {
    if (space === 'cyr' && a.cyr === a.raw && b.cyr === b.raw) continue; // same as raw
    const x = a[space];
    const y = b[space];
    if (sameStem(x, y)) best = Math.max(best, T.inflection);
    if (x.length >= T.minPrefix && y.length > x.length && y.startsWith(x)) {
      best = Math.max(best, T.prefixBase + (T.prefixSpan * x.length) / y.length);
    }
    if (x.length >= 4 && y.length >= 4) {
      const budget = typoBudget(y.length);
      const d = damerauLevenshtein(x, y, budget);
      if (d <= budget) best = Math.max(best, T.typoBase - T.typoStep * d);
    }
  }
  return best;
}

type Weigh = (t: Token) => number;

/**
 * Word by word: how well the text's words are covered by the option's words
 * (precision, 70 %) and the option's words by the text's (recall, 30 %),
 * generic words weighing little.
 */
function wordScore(input: Analysed, term: Analysed, weigh: Weigh): number {
  const I = input.content;
  const W = term.content;
  if (!I.length || !W.length) return 0;
  const sims = I.map((i) => W.map((w) => tokenSimilarity(i, w)));
  let p = 0;
  let pw = 0;
  I.forEach((tok, i) => {
    const w = weigh(tok);
    p += w * Math.max(...sims[i]);
    pw += w;
  });
  let r = 0;
  let rw = 0;
  W.forEach((tok, j) => {
    const w = weigh(tok);
    r += w * Math.max(...sims.map((row) => row[j]));
    rw += w;
  });
  let score = 0.7 * (p / pw) + 0.3 * (r / rw);
  if (input.nums.length && term.nums.length && !input.nums.some((n) => term.nums.includes(n))) score *= T.numberMismatch;
  return Math.min(score, T.fuzzyCap);
}

function sameNumbers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The whole text against the whole name, spaces ignored ("санктпетербург", "масква"). Numbers must agree exactly. */
function wholeScore(input: Analysed, term: Analysed): number {
  if (!sameNumbers(input.nums, term.nums)) return 0;
  if (SPACES.some((space) => input.body[space] !== '' && input.body[space] === term.body[space])) return T.fuzzyCap;
  let best = 0;
  for (const space of fuzzySpaces(input.script, term.script)) {
    const x = input.body[space];
    const y = term.body[space];
    if (x.length >= 4 && y.length >= 4) {
      const budget = typoBudget(y.length);
      const d = damerauLevenshtein(x, y, budget);
      if (d <= budget) best = Math.max(best, T.typoBase - T.typoStep * d);
    }
  }
  return best;
}

/** Edit-distance similarity of the whole text and name, for suggestions only. */
function looseSimilarity(input: Analysed, term: Analysed): number {
  let best = 0;
  for (const space of SPACES) {
    const x = input.body[space];
    const y = term.body[space];
    if (x.length < 3 || y.length < 3) continue;
    best = Math.max(best, 1 - damerauLevenshtein(x, y) / Math.max(x.length, y.length));
  }
  return best;
}

interface PreparedGroup {
  names: Analysed[];
  all: Analysed[];
}
let groups: PreparedGroup[] | undefined;
function cityGroups(): PreparedGroup[] {
  groups ??= CITY_SYNONYMS.map((g) => {
    const names = g.names.map(analyse);
    return { names, all: [...names, ...g.synonyms.map(analyse)] };
  });
  return groups;
}

function sameWord(a: Token, b: Token): boolean {
  return a.raw === b.raw || a.lat === b.lat || sameStem(a.raw, b.raw) || sameStem(a.lat, b.lat);
}

/** Does `text` contain the words of `name` in a row ("офис в санкт петербурге" ⊃ "санкт петербург")? */
function containsWords(text: Analysed, name: Analysed): boolean {
  const t = text.tokens;
  const n = name.tokens;
  if (!n.length || n.length > t.length) return false;
  for (let start = 0; start + n.length <= t.length; start++) {
    if (n.every((tok, k) => sameWord(t[start + k], tok))) return true;
  }
  return false;
}

function joinsGroup(term: Analysed, group: PreparedGroup): boolean {
  return group.all.some((g) => g.whole.raw === term.whole.raw || g.whole.lat === term.whole.lat) || group.names.some((name) => containsWords(term, name));
}

interface PreparedOption {
  id: string;
  labels: Analysed[];
  /** The option's own synonyms and those of the built-in groups it joined. */
  synonyms: Analysed[];
}

function prepare(option: ChoiceOption): PreparedOption {
  const labels = option.labels.map(analyse).filter((a) => a.tokens.length);
  const own = (option.synonyms ?? []).map(analyse).filter((a) => a.tokens.length);
  const joined = cityGroups()
    .filter((g) => [...labels, ...own].some((term) => joinsGroup(term, g)))
    .flatMap((g) => g.all);
  return { id: option.id, labels, synonyms: [...own, ...joined] };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The local default: a pure, deterministic matcher (no I/O). See
 * `FUZZY_THRESHOLDS` for the scores. In order:
 *  1. exact label (normalised) → match 1; the same label in the other script → 0.98;
 *     exact synonym (own or built-in city dictionary) → 0.97. Two options on the
 *     same level → ambiguous.
 *  2. otherwise each option scores its best name, by words (equal, inflected,
 *     prefix, typo within the length budget, numbers exact) and as a whole
 *     (typos, missing spaces); the best ≥ `match` with no other option within
 *     `ambiguityMargin` → match; several close ones ≥ `candidate` → ambiguous;
 *     else none with the closest options as suggestions.
 */
export class FuzzyChoiceMatcher implements ChoiceMatcher {
  async match(text: string, options: ChoiceOption[], _ctx?: ChoiceContext): Promise<MatchResult> {
    return this.matchSync(text, options);
  }

  matchSync(text: string, options: ChoiceOption[]): MatchResult {
    const input = analyse(text);
    if (!input.tokens.length || !options.length) return { kind: 'none', suggestions: [] };
    const prepared = options.map(prepare);

    // 1. Exact names.
    const tiers: [number, (o: PreparedOption) => boolean][] = [
      [T.exactLabel, (o) => o.labels.some((l) => l.whole.raw === input.whole.raw)],
      [T.exactLabelKey, (o) => input.whole.lat !== '' && o.labels.some((l) => l.whole.lat === input.whole.lat)],
      [T.exactSynonym, (o) => o.synonyms.some((s) => s.whole.raw === input.whole.raw || (input.whole.lat !== '' && s.whole.lat === input.whole.lat))],
    ];
    for (const [confidence, hit] of tiers) {
      const hits = unique(prepared.filter(hit).map((o) => o.id));
      if (hits.length === 1) return { kind: 'match', id: hits[0], confidence, via: 'fuzzy' };
      if (hits.length > 1) return { kind: 'ambiguous', candidates: hits.slice(0, T.maxCandidates).map((id) => ({ id, confidence })) };
    }

    // 2. Fuzzy scores.
    const common = commonWords(prepared);
    const weigh: Weigh = (t) => (t.num !== null ? 1 : isGenericWord(t.raw) || common.has(t.lat) || Array.from(t.raw).length === 1 ? T.weakWeight : 1);
    const scored = bestPerId(
      prepared.map((o) => {
        let score = 0;
        for (const term of fuzzyTerms(input, o)) {
          score = Math.max(score, wordScore(input, term, weigh), wholeScore(input, term));
        }
        return { option: o, score: round(score) };
      }),
    ).sort((a, b) => b.score - a.score);

    const best = scored[0];
    if (best.score >= T.candidate) {
      const close = scored.filter((s) => s.score >= T.candidate && best.score - s.score < T.ambiguityMargin);
      if (close.length > 1) {
        return { kind: 'ambiguous', candidates: close.slice(0, T.maxCandidates).map((s) => ({ id: s.option.id, confidence: s.score })) };
      }
      if (best.score >= T.match) return { kind: 'match', id: best.option.id, confidence: best.score, via: 'fuzzy' };
    }

    // 3. Nothing close enough: suggest the nearest.
    const ranked = scored
      .map(({ option, score }) => {
        let loose = 0;
        for (const term of [...option.labels, ...option.synonyms]) loose = Math.max(loose, looseSimilarity(input, term));
        const rank = score >= T.suggestion ? score : loose >= T.looseSuggestion ? loose * 0.5 : 0;
        return { id: option.id, rank };
      })
      .filter((r) => r.rank > 0)
      .sort((a, b) => b.rank - a.rank);
    return { kind: 'none', suggestions: ranked.slice(0, T.maxSuggestions).map((r) => r.id) };
  }
}

/**
 * The names a text is compared with fuzzily: those written in the text's
 * alphabet when the option has any ("казак" is compared with "Казань", not with
 * its romanisation "Kazan", which lost the soft sign), else all of them.
 */
function fuzzyTerms(input: Analysed, option: PreparedOption): Analysed[] {
  const all = [...option.labels, ...option.synonyms];
  if (input.script !== 'cyr' && input.script !== 'lat') return all;
  const same = all.filter((t) => t.script === input.script);
  return same.length ? same : all;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Options that share an id (should not happen) count once, with their best score. */
function bestPerId<X extends { option: PreparedOption; score: number }>(xs: X[]): X[] {
  const byId = new Map<string, X>();
  for (const x of xs) {
    const seen = byId.get(x.option.id);
    if (!seen || x.score > seen.score) byId.set(x.option.id, x);
  }
  return [...byId.values()];
}

/** Latin keys of words every option's labels have ("переговорная" in "Переговорная 1/2/3"): they do not tell options apart. */
function commonWords(options: PreparedOption[]): Set<string> {
  if (options.length < 2) return new Set();
  const perOption = options.map((o) => new Set(o.labels.flatMap((l) => l.content.map((t) => t.lat))));
  return new Set([...perOption[0]].filter((w) => perOption.every((s) => s.has(w))));
}
