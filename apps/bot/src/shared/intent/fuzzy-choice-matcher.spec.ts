import fc from 'fast-check';
import type { ChoiceOption, MatchResult } from './choice-matcher';
import { damerauLevenshtein } from './damerau-levenshtein';
import { FUZZY_THRESHOLDS, FuzzyChoiceMatcher, typoBudget } from './fuzzy-choice-matcher';
import { latinKey, tokenize } from './text';

const matcher = new FuzzyChoiceMatcher();
/** Runs per property; raise it for a soak run (INTENT_PROPERTY_RUNS=20000). */
const RUNS = Number(process.env.INTENT_PROPERTY_RUNS) || 400;
const match = (text: string, options: ChoiceOption[]): MatchResult => matcher.matchSync(text, options);

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    Object.values(x).forEach(deepFreeze);
    Object.freeze(x);
  }
  return x;
}

const OFFICES: ChoiceOption[] = deepFreeze([
  { id: 'spb', labels: ['Санкт-Петербург', 'Saint Petersburg'] },
  { id: 'msk', labels: ['Москва', 'Moscow'] },
  { id: 'ekb', labels: ['Екатеринбург'] },
  { id: 'nsk', labels: ['Новосибирск'] },
  { id: 'kzn', labels: ['Казань'] },
  { id: 'nn', labels: ['Нижний Новгород'] },
]);

const ROOMS: ChoiceOption[] = deepFreeze([
  { id: 'r1', labels: ['Переговорная 1'] },
  { id: 'r2', labels: ['Переговорная 2'] },
  { id: 'r3', labels: ['Переговорная 3'] },
  { id: 'r5', labels: ['Комната 5'] },
  { id: 'hall', labels: ['Большой зал'] },
]);

describe('FuzzyChoiceMatcher: offices', () => {
  it.each([
    // St Petersburg: label, nicknames, abbreviations, romanisations, inflections, typos
    ['питер', 'spb'],
    ['Питер', 'spb'],
    ['ПИТЕР', 'spb'],
    ['спб', 'spb'],
    ['spb', 'spb'],
    ['SPB!!!', 'spb'],
    ['St. Petersburg', 'spb'],
    ['saint-petersburg', 'spb'],
    ['санкт петербург', 'spb'],
    ['Санкт-Петербурга', 'spb'],
    ['санктпетербург', 'spb'],
    ['петербург', 'spb'],
    ['Петербурге', 'spb'],
    ['sankt-peterburg', 'spb'],
    ['piter', 'spb'],
    ['в питере', 'spb'],
    ['v pitere', 'spb'],
    ['офис в питере', 'spb'],
    ['спб офис', 'spb'],
    ['петер', 'spb'],
    ['питербург', 'spb'],
    ['ленинград', 'spb'],
    ['санкт', 'spb'],
    // Moscow
    ['мск', 'msk'],
    ['msk', 'msk'],
    ['москва', 'msk'],
    ['moskva', 'msk'],
    ['moskwa', 'msk'],
    ['Moscow', 'msk'],
    ['масква', 'msk'],
    ['maskva', 'msk'],
    ['мне в москву, пожалуйста', 'msk'],
    ['г. Москва', 'msk'],
    ['москоу', 'msk'],
    // Yekaterinburg
    ['екб', 'ekb'],
    ['ekb', 'ekb'],
    ['екатеринбург', 'ekb'],
    ['ekaterinburg', 'ekb'],
    ['Yekaterinburg', 'ekb'],
    ['в екатеринбурге', 'ekb'],
    ['екатеренбург', 'ekb'],
    // Novosibirsk, Kazan, Nizhny Novgorod
    ['нск', 'nsk'],
    ['новосиб', 'nsk'],
    ['Новосибирс', 'nsk'],
    ['novosibirsk', 'nsk'],
    ['казань', 'kzn'],
    ['Kazan', 'kzn'],
    ["Kazan'", 'kzn'],
    ['казан', 'kzn'],
    ['в казани', 'kzn'],
    ['нн', 'nn'],
    ['NN', 'nn'],
    ['нижний новгород', 'nn'],
    ['Nizhny Novgorod', 'nn'],
    ['nizhniy novgorod', 'nn'],
    ['в нижнем новгороде', 'nn'],
    ['Нижний', 'nn'],
  ])('%j → %s', (text, id) => {
    const r = match(text, OFFICES);
    expect(r).toMatchObject({ kind: 'match', id, via: 'fuzzy' });
    if (r.kind === 'match') expect(r.confidence).toBeGreaterThanOrEqual(FUZZY_THRESHOLDS.match);
  });

  it('reports exact labels with confidence 1, the other script 0.98, synonyms 0.97, fuzzy ones below', () => {
    expect(match('Санкт-Петербург', OFFICES)).toEqual({ kind: 'match', id: 'spb', confidence: 1, via: 'fuzzy' });
    expect(match('moskva', OFFICES)).toEqual({ kind: 'match', id: 'msk', confidence: 0.98, via: 'fuzzy' });
    expect(match('питер', OFFICES)).toEqual({ kind: 'match', id: 'spb', confidence: 0.97, via: 'fuzzy' });
    const typo = match('масква', OFFICES);
    expect(typo.kind === 'match' && typo.confidence).toBeLessThan(0.9);
  });

  it.each([
    'asdf',
    'qwerty',
    'пиво',
    'привет',
    'hello',
    'да',
    'нет',
    'ok',
    'спасибо',
    'не знаю',
    'погода',
    'кофе',
    '12345',
    '???',
    '',
    '   ',
    'любой',
    'мостик',
    'сосиска',
  ])('garbage or unrelated %j → none, nothing suggested', (text) => {
    expect(match(text, OFFICES)).toEqual({ kind: 'none', suggestions: [] });
  });

  it.each([
    ['рязань', 'kzn'], // a city we have no office in, one letter off Казань
    ['казак', 'kzn'],
    ['казино', 'kzn'],
    ['москва сити', 'msk'], // extra words: not sure enough, but Moscow is the guess
    ['екатерина', 'ekb'],
    ['мскв', 'msk'],
  ])('near miss %j → none, suggesting %s', (text, id) => {
    const r = match(text, OFFICES);
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.suggestions[0]).toBe(id);
  });

  it('two options that both fit → ambiguous, best first', () => {
    const novgorods = [
      { id: 'nn', labels: ['Нижний Новгород'] },
      { id: 'vn', labels: ['Великий Новгород'] },
    ];
    expect(match('новгород', novgorods)).toEqual({
      kind: 'ambiguous',
      candidates: [
        { id: 'nn', confidence: expect.any(Number) },
        { id: 'vn', confidence: expect.any(Number) },
      ],
    });
    expect(match('великий новгород', novgorods)).toMatchObject({ kind: 'match', id: 'vn' });
    expect(match('нн', novgorods)).toMatchObject({ kind: 'match', id: 'nn' });

    const moscows = [
      { id: 'city', labels: ['Москва-Сити'] },
      { id: 'belaya', labels: ['Москва, Белая площадь'] },
    ];
    expect(match('мск', moscows)).toMatchObject({ kind: 'ambiguous', candidates: [{ id: 'city' }, { id: 'belaya' }] });
    expect(match('москва', moscows).kind).toBe('ambiguous');
    expect(match('москва сити', moscows)).toMatchObject({ kind: 'match', id: 'city' });
    expect(match('белая площадь', moscows)).toMatchObject({ kind: 'match', id: 'belaya' });

    const both = match('москва или питер', OFFICES);
    expect(both.kind).toBe('ambiguous');
    expect(both.kind === 'ambiguous' && both.candidates.map((c) => c.id).sort()).toEqual(['msk', 'spb']);

    const tagil = [
      { id: 'nn', labels: ['Нижний Новгород'] },
      { id: 'nt', labels: ['Нижний Тагил'] },
    ];
    expect(match('нижний', tagil).kind).toBe('ambiguous');
    expect(match('нн', tagil)).toMatchObject({ kind: 'match', id: 'nn' }); // the city dictionary joins Нижний Новгород only
    expect(match('тагил', tagil)).toMatchObject({ kind: 'match', id: 'nt' });
  });

  it('prefers an exact label over another option that merely contains it or has it as a synonym', () => {
    const opts = [
      { id: 'a', labels: ['Переговорная'] },
      { id: 'b', labels: ['Переговорная 2'] },
    ];
    expect(match('переговорная', opts)).toEqual({ kind: 'match', id: 'a', confidence: 1, via: 'fuzzy' });
    const nick = [
      { id: 'spb', labels: ['Санкт-Петербург'] },
      { id: 'piter-bar', labels: ['Питер'] }, // a label wins over a built-in synonym of another option
    ];
    expect(match('питер', nick)).toMatchObject({ kind: 'match', id: 'piter-bar' });
    expect(match('санкт-петербург', nick)).toMatchObject({ kind: 'match', id: 'spb' });
    // "Питер" is a name of the city too, so both joined its dictionary group: an abbreviation cannot tell them apart
    expect(match('спб', nick).kind).toBe('ambiguous');
  });

  it('uses the option synonyms and joins the city dictionary through labels that contain a city name', () => {
    const opts = [
      { id: 'hq', labels: ['Головной офис в Санкт-Петербурге'], synonyms: ['штаб', 'HQ'] },
      { id: 'dev', labels: ['Офис разработки, Москва-Сити'] },
    ];
    expect(match('штаб', opts)).toMatchObject({ kind: 'match', id: 'hq', confidence: FUZZY_THRESHOLDS.exactSynonym });
    expect(match('hq', opts)).toMatchObject({ kind: 'match', id: 'hq' });
    expect(match('спб', opts)).toMatchObject({ kind: 'match', id: 'hq' });
    expect(match('питер', opts)).toMatchObject({ kind: 'match', id: 'hq' });
    expect(match('мск', opts)).toMatchObject({ kind: 'match', id: 'dev' });
    expect(match('разработка', opts)).toMatchObject({ kind: 'match', id: 'dev' });
  });

  it('handles no options, empty labels and is deterministic without touching its input', () => {
    expect(match('питер', [])).toEqual({ kind: 'none', suggestions: [] });
    expect(match('питер', [{ id: 'x', labels: [] }, ...OFFICES])).toMatchObject({ kind: 'match', id: 'spb' });
    expect(match('петер', OFFICES)).toEqual(match('петер', OFFICES)); // OFFICES is deep-frozen: mutation would throw
    expect(match('x'.repeat(5000), OFFICES).kind).toBe('none');
  });

  it('treats words like "constructor" as plain words (no lookups through Object.prototype)', () => {
    const opts = [
      { id: 'a', labels: ['constructor'] },
      { id: 'b', labels: ['toString', '__proto__'] },
    ];
    expect(match('constructor', opts)).toMatchObject({ kind: 'match', id: 'a' });
    expect(match('constructr', opts)).toMatchObject({ kind: 'match', id: 'a' });
    expect(match('__proto__', opts)).toMatchObject({ kind: 'match', id: 'b' });
    expect(match('hasOwnProperty', OFFICES)).toEqual({ kind: 'none', suggestions: [] });
  });
});

describe('FuzzyChoiceMatcher: rooms with numbers', () => {
  it.each([
    ['Переговорная 3', 'r3'],
    ['перег 3', 'r3'],
    ['3', 'r3'],
    ['№3', 'r3'],
    ['переговорная №2', 'r2'],
    ['переговорная2', 'r2'],
    ['переговорная три', 'r3'],
    ['третья переговорная', 'r3'],
    ['первая', 'r1'],
    ['переговорка 1', 'r1'],
    ['комната 5', 'r5'],
    ['комната пять', 'r5'],
    ['пятая', 'r5'],
    ['room 5', 'r5'],
    ['room five', 'r5'],
    ['5', 'r5'],
    ['большой зал', 'hall'],
    ['большой', 'hall'],
    ['в большом зале', 'hall'],
    ['зал', 'hall'],
  ])('%j → %s', (text, id) => {
    expect(match(text, ROOMS)).toMatchObject({ kind: 'match', id, via: 'fuzzy' });
  });

  it('never takes a room with another number', () => {
    expect(match('7', ROOMS)).toEqual({ kind: 'none', suggestions: [] });
    const seven = match('переговорная 7', ROOMS);
    expect(seven.kind).toBe('none');
    expect(seven.kind === 'none' && [...seven.suggestions].sort()).toEqual(['r1', 'r2', 'r3']);
    expect(match('комната 4', ROOMS).kind).toBe('none');
  });

  it('a room word without a number → ambiguous between the rooms', () => {
    const r = match('переговорная', ROOMS);
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates.map((c) => c.id)).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('FuzzyChoiceMatcher: properties', () => {
  const CYR = [...'абвгдежзийклмнопрстуфхцчшщъыьэюя'];
  const LAT = [...'abcdefghijklmnopqrstuvwxyz'];
  const wordOf = (alphabet: string[], min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
  const word = fc.oneof(wordOf(CYR, 1, 10), wordOf(LAT, 1, 10), fc.nat(999).map(String));
  const randomLabel = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-', ', '))
    .map(([ws, sep]) => ws.join(sep))
    .filter((l) => tokenize(l).length > 0);
  const realLabel = fc.constantFrom(
    'Санкт-Петербург',
    'Москва',
    'Moscow',
    'Казань',
    'Нижний Новгород',
    'Переговорная 1',
    'Переговорная 2',
    'Room 5',
    'мск',
    'Питер',
    'спб',
    'Большой зал',
    'Офис в Екатеринбурге',
    'Novosibirsk',
  );
  /** Identity of a label as the matcher sees it: labels equal under it are the same label. */
  const labelKey = (l: string) =>
    tokenize(l)
      .map((t) => t.raw)
      .join('');
  const optionSets = fc
    .uniqueArray(fc.oneof(randomLabel, realLabel), { minLength: 1, maxLength: 6, selector: labelKey })
    .map((labels) => labels.map((l, i) => ({ id: `o${i}`, labels: [l] })));

  it('the exact label of any option matches that option', () => {
    fc.assert(
      fc.property(optionSets, fc.nat(), (options, pick) => {
        const target = options[pick % options.length];
        expect(match(target.labels[0], options)).toEqual({ kind: 'match', id: target.id, confidence: 1, via: 'fuzzy' });
      }),
      { numRuns: RUNS },
    );
  });

  const decoration = fc
    .array(fc.constantFrom(' ', '  ', '\t', '\n', '!', '?', '.', ',', '...', '"', '«', '»', '(', ')', '-', '—', ':', ';'), { maxLength: 4 })
    .map((xs) => xs.join(''));
  const text = fc.oneof(
    word,
    randomLabel,
    realLabel,
    fc.constantFrom('питер', 'в питере', 'масква', 'перег 3', 'asdf', 'новгород', 'екб', 'петер', 'room five'),
  );

  it('is insensitive to case and to surrounding whitespace and punctuation', () => {
    fc.assert(
      fc.property(optionSets, text, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), decoration, decoration, (options, t, upper, before, after) => {
        const recased = [...t].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
        expect(match(`${before}${recased}${after}`, options)).toEqual(match(t, options));
      }),
      { numRuns: RUNS },
    );
  });

  it('a single typo (substitution or adjacent transposition) in a label of ≥ 6 letters still matches it', () => {
    const alphabet = fc.constantFrom(CYR, LAT);
    const option = alphabet.chain((a) => fc.tuple(fc.constant(a), wordOf(a, 6, 12)));
    const distinct = (ws: string[]) =>
      ws.every((a, i) => ws.every((b, j) => i === j || (damerauLevenshtein(a, b) >= 5 && damerauLevenshtein(latinKey(a), latinKey(b)) >= 5)));
    fc.assert(
      fc.property(
        fc.array(option, { minLength: 1, maxLength: 5 }).filter((os) => distinct(os.map(([, w]) => w))),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (opts, pick, at, letter, transpose) => {
          const options = opts.map(([, w], i) => ({ id: `o${i}`, labels: [w] }));
          const [alpha, label] = opts[pick % opts.length];
          const chars = [...label];
          const i = at % (chars.length - 1);
          if (transpose) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
          else chars[i] = alpha.filter((c) => c !== chars[i])[letter % (alpha.length - 1)];
          const typo = chars.join('');
          fc.pre(tokenize(typo).every((t) => t.num === null) && tokenize(label).every((t) => t.num === null)); // not a number word
          expect(match(typo, options)).toMatchObject({ kind: 'match', id: `o${pick % opts.length}` });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the typo budget grows with the length', () => {
    expect([2, 3, 4, 5, 6, 7, 8, 11, 12, 20].map(typoBudget)).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 3, 3]);
  });
});
