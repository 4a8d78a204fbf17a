/**
 * Names in Russian and English meet here: every word is reduced to one Latin
 * "skeleton" that the common spellings of the same name share, whichever
 * script and transliteration scheme it was typed in. Cyrillic is first
 * written in Latin the way Russian passports do (ICAO Doc 9303, 2013: ж zh,
 * х kh, ц ts, ч ch, ш sh, щ shch, ю iu, я ia, й i, ы y, ъ ie, ь dropped);
 * then the spellings that other schemes and habits use for the same sounds
 * are folded together (GOST 7.79-B `shh`, `cz`, `j`; the older passport and
 * BGN `yu`, `ya`, `y`, `yo`; English `x`, `w`, `ph`; German `sch`, `tz`) and
 * doubled letters collapse:
 *
 *   Юлия, Yulia, Iuliia, Julia          -> iulia
 *   Алексей, Alexey, Aleksei, Alexei    -> aleksei
 *   Щукин, Shchukin, Schukin, Shhukin   -> shukin
 *   Фёдор, Fyodor, Fedor                -> fedor
 *
 * What the skeleton cannot fold (Alexander / Aleksandr, Vasiliev / Vasilev)
 * is left to the fuzzy comparison of the search.
 */

const CYRILLIC: Readonly<Record<string, string>> = {
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
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Ukrainian and Belarusian letters met in names.
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
  ў: 'u',
};

/** Cyrillic letters as the Russian passport writes them (ICAO 2013); other characters unchanged. Lower-case input. */
export function cyrillicToLatin(lower: string): string {
  let out = '';
  for (const ch of lower) out += CYRILLIC[ch] ?? ch;
  return out;
}

/** Latin spellings of the same sound, folded to one (order matters: longer sequences first). */
const FOLDS: readonly [RegExp, string][] = [
  [/shch|shh|sch/g, 'sh'],
  [/dzh|dj/g, 'j'],
  [/^ye|^ie/g, 'e'],
  [/yo|jo(?=[^aeiou]|$)/g, 'e'],
  [/kh/g, 'h'],
  [/tz|cz|ts/g, 'c'],
  [/ck/g, 'k'],
  [/x/g, 'ks'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  // A silent h after a vowel: John, Sarah, Deborah = Джон, Сара, Дебора.
  [/([aeiou])h(?=[^aeiou]|$)/g, '$1'],
  [/ju|yu/g, 'iu'],
  [/ja|ya/g, 'ia'],
  [/j|y/g, 'i'],
  [/(.)\1+/g, '$1'],
];

/** Lower case, accents off (ё = е, й = и: both only differ by a mark), Cyrillic in Latin; letters and digits only. */
export function latinWord(word: string): string {
  const bare = word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return cyrillicToLatin(bare).replace(/[^a-z0-9]/g, '');
}

/** The skeleton of one word (see above); '' for a word without letters or digits. */
export function nameSkeleton(word: string): string {
  let s = latinWord(word);
  for (const [pattern, replacement] of FOLDS) s = s.replace(pattern, replacement);
  return s;
}

/** The words of a text (letters and digits, any script), in order. */
export function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
