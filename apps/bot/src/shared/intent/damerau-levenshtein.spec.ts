import fc from 'fast-check';
import { damerauLevenshtein } from './damerau-levenshtein';

describe('damerauLevenshtein (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['москва', 'москва', 0],
    ['москва', 'масква', 1], // substitution
    ['питер', 'пиетр', 1], // transposition
    ['питер', 'питр', 1], // deletion
    ['спб', 'спбб', 1], // insertion
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // OSA, not the unrestricted distance (2)
    ['казань', 'рязань', 2],
  ])('%j vs %j = %d', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
    expect(damerauLevenshtein(b, a)).toBe(d);
  });

  it('gives up above max with max + 1', () => {
    expect(damerauLevenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(damerauLevenshtein('a', 'abcdef', 1)).toBe(2);
    expect(damerauLevenshtein('москва', 'масква', 1)).toBe(1);
  });

  const word = fc.string({ unit: fc.constantFrom(...'абвгдежabcdef'), maxLength: 12 });

  it('is a symmetric distance, zero only for equal strings, and the cut-off agrees with the full value', () => {
    fc.assert(
      fc.property(word, word, fc.nat(6), (a, b, max) => {
        const d = damerauLevenshtein(a, b);
        expect(damerauLevenshtein(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(damerauLevenshtein(a, b, max)).toBe(d <= max ? d : max + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('counts one substitution, insertion, deletion or adjacent transposition as 1', () => {
    fc.assert(
      fc.property(
        word.filter((w) => w.length >= 2),
        fc.nat(),
        fc.constantFrom('sub', 'ins', 'del', 'swap'),
        (w, at, op) => {
          const i = at % w.length;
          const chars = [...w];
          if (op === 'sub') chars[i] = chars[i] === 'я' ? 'ю' : 'я';
          if (op === 'ins') chars.splice(i, 0, 'я');
          if (op === 'del') chars.splice(i, 1);
          if (op === 'swap') {
            const j = i === w.length - 1 ? i - 1 : i;
            [chars[j], chars[j + 1]] = [chars[j + 1], chars[j]];
          }
          const changed = chars.join('');
          expect(damerauLevenshtein(w, changed)).toBe(changed === w ? 0 : 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
