import { newStemmer } from 'snowball-stemmers';

/**
 * Text analysis for the lexical side of knowledge search, the same for what is indexed and what is asked:
 * words (letters and digits, Cyrillic and Latin) lower-cased, ё → е, stop words out, stemmed by Snowball
 * (Russian for Cyrillic words, English for Latin ones - a mixed sentence is stemmed word by word), and
 * hashed character 3-grams of the words (they catch what stems miss: inflections Snowball does not know,
 * typos, compound words, transliterated names).
 */

const russian = newStemmer('russian');
const english = newStemmer('english');

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

/** Words that carry no topic in questions and documents (the frequent ones of both languages). */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its me my ' +
    'no not of on or our so that the their them then there these they this to was we were what when where which who ' +
    'whom why will with would you your about should may must shall am any all also than too very just get got ' +
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от ' +
    'меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж ' +
    'вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без ' +
    'будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один ' +
    'почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над ' +
    'больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда ' +
    'лучше чуть том нельзя такой им более всегда конечно всю между это как каком какие какое каков сколько ' +
    'нужно ли мне мой моего нам наш'
  ).split(/\s+/),
);

export type TextLanguage = 'ru' | 'en';

/** Lower-cased words of the text, ё folded to е (both spellings are in use). */
export function words(text: string): string[] {
  return (text.toLowerCase().replace(/ё/g, 'е').match(WORD) ?? []).map((w) => w.replace(/[’]/g, "'"));
}

export function stem(word: string): string {
  if (CYRILLIC.test(word)) return russian.stem(word);
  if (LATIN.test(word)) return english.stem(word);
  return word;
}

/** The stems that index a text (stop words left out), in order, repeats kept (term frequency). */
export function stems(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    const s = stem(w);
    if (s) out.push(s);
  }
  return out;
}

/** Mostly Cyrillic or mostly Latin letters. */
export function languageOf(text: string): TextLanguage {
  let cyr = 0;
  let lat = 0;
  for (const ch of text.toLowerCase()) {
    if (CYRILLIC.test(ch)) cyr++;
    else if (ch >= 'a' && ch <= 'z') lat++;
  }
  return cyr > lat ? 'ru' : 'en';
}

/** Buckets of the hashed 3-gram space: collisions are rare at this size and the vectors stay sparse. */
export const TRIGRAM_BUCKETS = 1 << 18;

/** FNV-1a over the UTF-16 code units, into TRIGRAM_BUCKETS. */
function bucketOf(gram: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < gram.length; i++) {
    h ^= gram.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % TRIGRAM_BUCKETS;
}

/**
 * The text's character 3-grams (of each non-stop word padded with spaces, so prefixes and suffixes count) as a
 * sparse vector of unit length: bucket → weight (log-scaled counts).
 */
export function trigramVector(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const b = bucketOf(padded.slice(i, i + 3));
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
  }
  let norm = 0;
  for (const [b, c] of counts) {
    const w = 1 + Math.log(c);
    counts.set(b, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [b, w] of counts) counts.set(b, w / norm);
  return counts;
}
