/**
 * Text normalisation and Russian↔Latin transliteration for free-text choices.
 * Pure functions, no I/O.
 */

/**
 * Case, ё→е, punctuation and extra spaces: lower-cases, turns every run of
 * characters that are neither letters nor digits into one space, drops
 * apostrophes inside words ("Kazan'" → "kazan"), splits letters from digits
 * ("комната5" → "комната 5") and trims.
 */
export function normalise(text: string): string {
  return text
    .replace(/[№#]/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’`ʼ]/g, '')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const CYR_TO_LAT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    а: 'a',
    б: 'b',
    в: 'v',
    г: 'g',
    д: 'd',
    е: 'e',
    ё: 'e',
    ж: 'zh',
    з: 'z',
    и: 'i',
    й: 'i',
    к: 'k',
    л: 'l',
    м: 'm',
    н: 'n',
    о: 'o',
    п: 'p',
    р: 'r',
    с: 's',
    т: 't',
    у: 'u',
    ф: 'f',
    х: 'h',
    ц: 'c',
    ч: 'ch',
    ш: 'sh',
    щ: 'sh',
    ъ: '',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'yu',
    я: 'ya',
    і: 'i',
    ї: 'i',
    є: 'e',
    ґ: 'g',
    ў: 'u',
  }),
);

/** Cyrillic → Latin, one simple scheme ("москва" → "moskva", "питер" → "piter"); other characters are kept. */
export function cyrillicToLatin(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = CYR_TO_LAT.get(lower);
    out += t === undefined ? ch : lower === ch ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }
  return out;
}

const LAT_TO_CYR_MULTI: [string, string][] = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['tch', 'ч'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['ts', 'ц'],
  ['tz', 'ц'],
  ['yu', 'ю'],
  ['ju', 'ю'],
  ['ya', 'я'],
  ['ja', 'я'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['je', 'е'],
  ['ph', 'ф'],
  ['ck', 'к'],
  ['x', 'кс'],
];
const LAT_TO_CYR_ONE: ReadonlyMap<string, string> = new Map(
  Object.entries({
    a: 'а',
    b: 'б',
    v: 'в',
    w: 'в',
    g: 'г',
    d: 'д',
    e: 'е',
    z: 'з',
    i: 'и',
    j: 'й',
    k: 'к',
    q: 'к',
    l: 'л',
    m: 'м',
    n: 'н',
    o: 'о',
    p: 'п',
    r: 'р',
    s: 'с',
    t: 'т',
    u: 'у',
    f: 'ф',
    h: 'х',
  }),
);
const VOWELS_LAT = 'aeiouy';

/**
 * Latin → Cyrillic for Russian words written in Latin letters
 * ("moskva" → "москва", "piter" → "питер", "nizhniy" → "нижний"). Expects
 * lower-case input (use `normalise` first); other characters are kept.
 */
export function latinToCyrillic(text: string): string {
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [lat, cyr] of LAT_TO_CYR_MULTI) {
      if (text.startsWith(lat, i)) {
        out += cyr;
        i += lat.length;
        continue outer;
      }
    }
    const ch = text[i];
    const prev = i > 0 ? text[i - 1] : '';
    if (ch === 'y') {
      out += VOWELS_LAT.includes(prev) && prev !== '' ? 'й' : 'ы';
    } else if (ch === 'c') {
      out += 'eiy'.includes(text[i + 1] ?? '') && text[i + 1] !== undefined ? 'ц' : 'к';
    } else {
      out += LAT_TO_CYR_ONE.get(ch) ?? ch;
    }
    i++;
  }
  return out;
}

/**
 * The Latin key of one token: transliterated to Latin, diacritics dropped, and
 * the usual spelling variants of romanised Russian folded together
 * (kh/h, ts/tz/c, shch/sch/sh, x/ks, w/v, y/j/i, leading ye/ie → e, double
 * letters), so "Yekaterinburg", "Ekaterinburg" and "Екатеринбург" share one key,
 * and so do "Nizhny", "Nizhniy" and "Нижний". Lossy on purpose: both sides of a
 * comparison go through it.
 */
export function latinKey(token: string): string {
  let s = cyrillicToLatin(token.toLowerCase()).normalize('NFD').replace(/\p{M}/gu, '');
  s = s
    .replace(/shch|sch/g, 'sh')
    .replace(/tch/g, 'ch')
    .replace(/kh/g, 'h')
    .replace(/ck/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/ts|tz/g, 'c')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/q/g, 'k')
    .replace(/[yj]/g, 'i')
    .replace(/^ie/, 'e');
  if (s.length > 3) s = s.replace(/(.)\1+/g, '$1');
  return s;
}

/** Number words (cardinal and ordinal, the forms used for rooms and floors) → digits. */
const NUMBER_WORDS = new Map<string, string>();
(
  [
    ['1', 'один одна одно первый первая первое первой первую первого one first'],
    ['2', 'два две второй вторая второе вторую второго two second'],
    ['3', 'три третий третья третье третьей третью третьего three third'],
    ['4', 'четыре четвертый четвертая четвертое четвертой четвертую four fourth'],
    ['5', 'пять пятый пятая пятое пятой пятую five fifth'],
    ['6', 'шесть шестой шестая шестое шестую six sixth'],
    ['7', 'семь седьмой седьмая седьмое седьмую seven seventh'],
    ['8', 'восемь восьмой восьмая восьмое восьмую eight eighth'],
    ['9', 'девять девятый девятая девятое девятую nine ninth'],
    ['10', 'десять десятый десятая десятое десятую ten tenth'],
  ] as const
).forEach(([digit, words]) => words.split(' ').forEach((w) => NUMBER_WORDS.set(w, digit)));

/** Words that carry no choice at all: prepositions, fillers, politeness. Dropped before token matching. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'в',
  'во',
  'на',
  'из',
  'с',
  'со',
  'у',
  'к',
  'ко',
  'до',
  'для',
  'по',
  'за',
  'или',
  'мне',
  'нам',
  'я',
  'мы',
  'хочу',
  'хотим',
  'хотел',
  'хотела',
  'бы',
  'нужен',
  'нужна',
  'нужно',
  'надо',
  'пожалуйста',
  'плиз',
  'пжл',
  'пож',
  'давай',
  'давайте',
  'наверное',
  'это',
  'там',
  'тот',
  'та',
  'вот',
  'v',
  'vo',
  'na',
  'the',
  'in',
  'at',
  'to',
  'of',
  'please',
  'pls',
  'plz',
  'want',
  'need',
  'would',
  'like',
  'my',
  'me',
]);

/**
 * Generic nouns of choice steps ("офис", "room", "переговорная" …): they say
 * what kind of thing was chosen, not which one, so they weigh little
 * (prefix stems, inflected forms included).
 */
const GENERIC_STEMS = [
  'офис',
  'office',
  'комнат',
  'room',
  'переговорн',
  'переговорк',
  'meeting',
  'зал',
  'hall',
  'кабинет',
  'аудитори',
  'город',
  'city',
  'филиал',
  'branch',
  'г',
];
export function isGenericWord(token: string): boolean {
  return GENERIC_STEMS.some((stem) => token === stem || (stem.length >= 3 && token.startsWith(stem) && token.length - stem.length <= 3));
}

export interface Token {
  /** Normalised token as written (its own script). */
  raw: string;
  /** Latin key (`latinKey`). */
  lat: string;
  /** Cyrillic form: the token itself, or `latinToCyrillic` of a Latin token. */
  cyr: string;
  /** The number a digit token or number word stands for, else null. */
  num: number | null;
  /** The alphabet the token is written in. */
  script: Script;
}

export type Script = 'cyr' | 'lat' | 'mixed' | 'other';

/** The alphabet of a normalised text: Cyrillic, Latin, both, or neither (digits, other scripts). */
export function scriptOf(text: string): Script {
  const cyr = /\p{Script=Cyrillic}/u.test(text);
  const lat = /\p{Script=Latin}/u.test(text);
  return cyr && lat ? 'mixed' : cyr ? 'cyr' : lat ? 'lat' : 'other';
}

function toToken(word: string): Token {
  const digits = /^\p{N}+$/u.test(word) ? word : NUMBER_WORDS.get(word);
  if (digits !== undefined) {
    const num = Number.parseInt(digits, 10);
    const s = Number.isFinite(num) ? String(num) : digits;
    return { raw: s, lat: s, cyr: s, num: Number.isFinite(num) ? num : null, script: 'other' };
  }
  return { raw: word, lat: latinKey(word), cyr: /[a-z]/.test(word) ? latinToCyrillic(word) : word, num: null, script: scriptOf(word) };
}

/** Splits normalised text into tokens (number words become numbers). */
export function tokenize(text: string): Token[] {
  const n = normalise(text);
  return n === '' ? [] : n.split(' ').map(toToken);
}
