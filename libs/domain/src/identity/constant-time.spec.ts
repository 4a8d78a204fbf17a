import { constantTimeEqual } from './constant-time';

describe('constantTimeEqual', () => {
  it('is true for equal strings (including empty ones)', () => {
    expect(constantTimeEqual('493027', '493027')).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('a3f9c0de12b47e5f', 'a3f9c0de12b47e5f')).toBe(true);
  });

  it('is false for unequal strings of the same length, wherever they differ', () => {
    expect(constantTimeEqual('093027', '493027')).toBe(false);
    expect(constantTimeEqual('493020', '493027')).toBe(false);
    expect(constantTimeEqual('000000', '493027')).toBe(false);
    // Bits that cancel out in a sum do not cancel out in the OR of XORs.
    expect(constantTimeEqual('ab', 'ba')).toBe(false);
    expect(constantTimeEqual('\u0000', '0')).toBe(false);
  });

  it('is false for different lengths: a prefix, an extension, empty against non-empty', () => {
    expect(constantTimeEqual('49302', '493027')).toBe(false);
    expect(constantTimeEqual('4930270', '493027')).toBe(false);
    expect(constantTimeEqual('', '493027')).toBe(false);
    expect(constantTimeEqual('493027', '')).toBe(false);
    // A shorter string padded with what reads as 0 must not pass either.
    expect(constantTimeEqual('ab', 'ab\u0000')).toBe(false);
  });

  it('does not stop at the first difference: the work depends only on the expected length', () => {
    const reads = (submitted: string, expected: string) => {
      const spy = jest.spyOn(String.prototype, 'charCodeAt');
      try {
        constantTimeEqual(submitted, expected);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const expected = 'a3f9c0de12b47e5f';
    const counts = [
      reads(expected, expected), // equal
      reads('x3f9c0de12b47e5f', expected), // differs at the first character
      reads('a3f9c0de12b47e5x', expected), // differs at the last one
      reads('zzzzzzzzzzzzzzzz', expected), // differs everywhere
      reads('a3f9', expected), // shorter
      reads(expected + 'ffff', expected), // longer
    ];
    expect(new Set(counts)).toEqual(new Set([2 * expected.length]));
  });
});
