import * as fc from 'fast-check';
import { findInputFault, MAX_INPUT_DEPTH, unstorableText } from './storable-input';

describe('the one input rule', () => {
  it('well-formed text of any script passes, emoji (surrogate pairs) included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!s.includes('\u0000'));
        return unstorableText(s) === undefined;
      }),
      { seed: 19 },
    );
    expect(unstorableText('Office \ud83d\ude80')).toBeUndefined();
  });

  it('a lone surrogate or NUL anywhere is named with its position', () => {
    expect(unstorableText('ab\udfff')).toBe('contains an unpaired surrogate (U+DFFF) at position 2, which cannot be stored as text');
    expect(unstorableText('\ud800x')).toContain('U+D800');
    expect(unstorableText('\udc00\ud800')).toContain('position 0');
    expect(unstorableText('a\u0000')).toContain('NUL');
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0xdc00, max: 0xdfff }), (a, b, low) => {
        // a low surrogate after something that is not a high one
        const text = `${a}x${String.fromCharCode(low)}${b}`;
        return unstorableText(text) !== undefined;
      }),
      { seed: 19 },
    );
  });

  it('names the field: nested, in arrays, in keys', () => {
    expect(findInputFault({ rule: { endTime: '1\u0000' } })).toMatchObject({ kind: 'unstorable_text', field: 'rule.endTime' });
    expect(findInputFault({ attendees: ['a', 'b\udfff'] })).toMatchObject({ field: 'attendees.1' });
    expect(findInputFault({ roles: { 'x\udfff': true } })).toMatchObject({ field: 'roles', detail: expect.stringContaining('a key of roles') });
    expect(findInputFault({ a: 'ok', b: 'x\u0000', c: '\udfff' })).toMatchObject({ field: 'b' });
    expect(findInputFault('\u0000', 'q')).toMatchObject({ field: 'q' });
  });

  it('numbers beyond 2^53 and non-finite ones are refused', () => {
    expect(findInputFault({ userId: 1e308 })).toMatchObject({ kind: 'number_out_of_range', field: 'userId' });
    expect(findInputFault({ n: Infinity })).toMatchObject({ kind: 'number_out_of_range' });
    expect(findInputFault({ n: Number.MAX_SAFE_INTEGER, m: -0.5 })).toBeUndefined();
  });

  it('depth: what a DTO needs passes, deeper is refused without recursion (any depth)', () => {
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(findInputFault(ok)).toBeUndefined();
    expect(findInputFault({ a: ok })).toMatchObject({ kind: 'too_deep', field: 'a' });
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    expect(findInputFault({ details: deep })).toMatchObject({ kind: 'too_deep', field: 'details.a.a.a' });
  });

  it('ordinary requests pass', () => {
    expect(findInputFault({ title: 'Sprint planning', attendees: ['e-anna'], private: false, rule: { weekdays: [1, 3] } })).toBeUndefined();
    expect(findInputFault(undefined)).toBeUndefined();
    expect(findInputFault(null)).toBeUndefined();
  });
});
