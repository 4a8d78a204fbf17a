import { cyrillicToLatin, isGenericWord, latinKey, latinToCyrillic, normalise, scriptOf, tokenize } from './text';

describe('normalise', () => {
  it.each([
    ['  Санкт-Петербург!!! ', 'санкт петербург'],
    ['ЁЛКИ   палки', 'елки палки'],
    ["Kazan'", 'kazan'],
    ['St. Petersburg', 'st petersburg'],
    ['комната5', 'комната 5'],
    ['№3', '3'],
    ['«Переговорная», 2-й этаж', 'переговорная 2 й этаж'],
    ['\tROOM\n five ', 'room five'],
    ['?!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('transliteration', () => {
  it.each([
    ['москва', 'moskva'],
    ['питер', 'piter'],
    ['санкт-петербург', 'sankt-peterburg'],
    ['казань', 'kazan'],
    ['Екатеринбург', 'Ekaterinburg'],
    ['нижний новгород', 'nizhnii novgorod'],
    ['щука', 'shuka'],
  ])('Cyrillic → Latin: %s → %s', (cyr, lat) => {
    expect(cyrillicToLatin(cyr)).toBe(lat);
  });

  it.each([
    ['moskva', 'москва'],
    ['piter', 'питер'],
    ['sankt-peterburg', 'санкт-петербург'],
    ['ekaterinburg', 'екатеринбург'],
    ['novosibirsk', 'новосибирск'],
    ['nizhniy novgorod', 'нижний новгород'],
    ['kazan', 'казан'],
    ['yaroslavl', 'ярославл'],
    ['tsentr', 'центр'],
    ['centr', 'центр'],
    ['shchuka', 'щука'],
  ])('Latin → Cyrillic: %s → %s', (lat, cyr) => {
    expect(latinToCyrillic(lat)).toBe(cyr);
  });

  it.each([
    ['екатеринбург', 'ekaterinburg', 'yekaterinburg', 'jekaterinburg'],
    ['нижний', 'nizhny', 'nizhniy', 'nizhnij'],
    ['москва', 'moskva', 'moskwa', 'MOSKVA'],
    ['хабаровск', 'khabarovsk', 'habarovsk', 'khabarowsk'],
    ['центр', 'tsentr', 'centr', 'tzentr'],
    ['щелково', 'shchelkovo', 'schelkovo', 'shelkovo'],
  ])('one Latin key for %s and its romanisations', (...spellings) => {
    const keys = new Set(spellings.map(latinKey));
    expect([...keys]).toHaveLength(1);
  });

  it('keeps different names apart', () => {
    expect(latinKey('москва')).not.toBe(latinKey('омск'));
    expect(latinKey('казань')).not.toBe(latinKey('рязань'));
    expect(latinKey('нн')).toBe('nn'); // short abbreviations keep their double letters
  });
});

describe('tokenize', () => {
  it('turns number words and digits into numbers', () => {
    expect(tokenize('Комната пять').map((t) => t.num)).toEqual([null, 5]);
    expect(tokenize('room five').map((t) => t.num)).toEqual([null, 5]);
    expect(tokenize('третья переговорная').map((t) => t.num)).toEqual([3, null]);
    expect(tokenize('переговорная №03').map((t) => t.num)).toEqual([null, 3]);
  });

  it('knows the script of each word', () => {
    expect(tokenize('спб spb пiтер 5').map((t) => t.script)).toEqual(['cyr', 'lat', 'mixed', 'other']);
    expect(scriptOf('abc')).toBe('lat');
  });

  it('recognises generic words in their inflected forms', () => {
    expect(['офис', 'офисе', 'комната', 'комнату', 'room', 'переговорная', 'переговорке', 'зал'].every(isGenericWord)).toBe(true);
    expect(['москва', 'большой', 'питер', 'грот'].some(isGenericWord)).toBe(false);
  });
});
