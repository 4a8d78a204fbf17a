import fc from 'fast-check';
import {
  CALLBACK_DATA_MAX_BYTES,
  DIGITS,
  INITIAL_STATE,
  KEYS,
  MAX_DIGITS,
  MESSAGES,
  OPERATORS,
  callbackData,
  decodeState,
  digitCount,
  encodeState,
  isValidState,
  keyboard,
  parseCallbackData,
  press,
  pressAll,
  render,
  roundFraction,
  type CalcState,
  type Key,
  type Operator,
} from './calculator';

// ------------------------------------------------------------------------------------------------ reference model
// An independent evaluator: fixed-point BigInt with 40 decimal places (exact for + − × of ≤ 15-digit numbers; the
// truncated quotient of ÷ rounds the same way as the exact one), each intermediate result rounded to 15 digits.

const SCALE = 40;
const ONE = 10n ** BigInt(SCALE);
type RefValue = bigint | 'divisionByZero' | 'overflow';

function refParse(typed: string): bigint {
  const negative = typed.startsWith('-');
  const [int, frac = ''] = (negative ? typed.slice(1) : typed).split('.');
  const value = BigInt(int || '0') * ONE + (frac ? BigInt(frac) * 10n ** BigInt(SCALE - frac.length) : 0n);
  return negative ? -value : value;
}

function refRound(x: bigint): RefValue {
  const negative = x < 0n;
  const abs = negative ? -x : x;
  const int = abs / ONE;
  if (int.toString().length > MAX_DIGITS) return 'overflow';
  const keep = MAX_DIGITS - (int === 0n ? 1 : int.toString().length); // fraction digits that fit
  const unit = 10n ** BigInt(SCALE - keep);
  let q = abs / unit;
  if ((abs % unit) * 2n >= unit) q += 1n;
  const rounded = q * unit;
  if ((rounded / ONE).toString().length > MAX_DIGITS) return 'overflow';
  return negative ? -rounded : rounded;
}

function refApply(a: bigint, op: Operator, b: bigint): RefValue {
  switch (op) {
    case '+':
      return refRound(a + b);
    case '-':
      return refRound(a - b);
    case '*':
      return refRound((a * b) / ONE);
    case '/': {
      if (b === 0n) return 'divisionByZero';
      const q = ((a < 0n ? -a : a) * ONE) / (b < 0n ? -b : b);
      return refRound(a < 0n !== b < 0n ? -q : q);
    }
  }
}

function refFormat(x: bigint): string {
  const negative = x < 0n;
  const abs = negative ? -x : x;
  const frac = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  const body = `${abs / ONE}${frac ? `.${frac}` : ''}`;
  return negative && abs !== 0n ? `-${body}` : body;
}

// ------------------------------------------------------------------------------------------------ arbitraries

const digit = fc.constantFrom(...DIGITS);
const digitsOf = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A number as the user types it: digits, maybe a point, maybe ± (at most 15 digits, so nothing is cut off). */
const typedNumber: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', '0.', '0.0', '00', '0.000') },
    { weight: 3, arbitrary: fc.tuple(digitsOf(1, 8), fc.option(digitsOf(0, 6))).map(([i, f]) => (f === null ? i : `${i}.${f}`)) },
    { weight: 2, arbitrary: fc.tuple(digitsOf(1, 15), fc.option(digitsOf(0, 14))).map(([i, f]) => (f === null ? i : `${i}.${f}`)) },
    { weight: 1, arbitrary: digitsOf(13, 15) },
  )
  .filter((s) => digitCount(s) <= MAX_DIGITS)
  .chain((s) => fc.boolean().map((negative) => (negative ? `-${s}` : s)));

/** Keys that type `n` (a leading "-" is typed as ± at the end). */
function keysFor(n: string): Key[] {
  const body = n.startsWith('-') ? n.slice(1) : n;
  const keys = [...body] as Key[];
  return n.startsWith('-') ? [...keys, 'N'] : keys;
}

const operator = fc.constantFrom(...OPERATORS);
const expression = fc.record({
  first: typedNumber,
  rest: fc.array(fc.record({ op: operator, n: typedNumber }), { minLength: 1, maxLength: 8 }),
});
const anyKeys = fc.array(fc.constantFrom(...KEYS), { maxLength: 60 });

/** All states visited by pressing `keys` from the initial state (itself included). */
function walk(keys: readonly Key[]): CalcState[] {
  const states = [INITIAL_STATE];
  for (const key of keys) states.push(press(states[states.length - 1], key));
  return states;
}

const type = (text: string): Key[] =>
  [...text.replace(/×/g, '*').replace(/÷/g, '/').replace(/−/g, '-').replace(/±/g, 'N').replace(/⌫/g, 'B').replace(/ /g, '')] as Key[];
const display = (text: string, lang: 'en' | 'ru' = 'en') => render(pressAll(type(text)), lang);

// ------------------------------------------------------------------------------------------------ examples

describe('calculator core: examples', () => {
  it.each([
    ['2+3×4=', '= 20'],
    ['12+3×2=', '= 30'],
    ['0.1+0.2=', '= 0.3'],
    ['0.3−0.1=', '= 0.2'],
    ['1.1×1.1=', '= 1.21'],
    ['1÷3=', '= 0.33333333333333'],
    ['2÷3=', '= 0.66666666666667'],
    ['10÷4=', '= 2.5'],
    ['5±×2=', '= −10'],
    ['3−5=', '= −2'],
    ['7×±', '7 × (−0)'],
    ['7×±2', '7 × (−2)'],
    ['12+', '12 +'],
    ['12+×', '12 ×'],
    ['12+=', '= 12'],
    ['12+3', '12 + 3'],
    ['12.', '12.'],
    ['12.+1=', '= 13'],
    ['007', '7'],
    ['.5', '0.5'],
    ['1.2.3', '1.23'],
    ['123⌫', '12'],
    ['5⌫', '0'],
    ['12+⌫', '12'],
    ['12+⌫3=', '123'],
    ['23+1=⌫', '2'],
    ['2+3=⌫', '0'],
    ['2+3=7', '7'],
    ['2+3=+1=', '= 6'],
    ['2+3=±', '= −5'],
    ['=', '0'],
    ['+5=', '= 5'],
    ['123456789012345', '123456789012345'],
    ['1234567890123456', '123456789012345'],
    ['99999999999999.9+0.04=', '= 99999999999999.9'],
    ['99999999999999.9+0.05=', '= 100000000000000'],
    ['99999999999999.9+0.06=', '= 100000000000000'],
    ['0.00000000000001÷10=', '= 0'],
    ['1+2C', '0'],
  ])('%s → %s', (keys, expected) => {
    expect(display(keys)).toBe(expected);
  });

  it('division by zero gives a clear message in the user language and C starts over', () => {
    expect(display('1÷0=')).toBe(MESSAGES.en.divisionByZero);
    expect(display('1÷0=')).toContain('Division by zero');
    expect(display('1÷0=', 'ru')).toContain('Деление на ноль');
    expect(display('5÷0.000+')).toContain('Division by zero');
    expect(display('5÷±0=')).toContain('Division by zero');
    expect(display('1÷0=C')).toBe('0');
    expect(display('1÷0=⌫')).toBe('0');
    expect(display('1÷0=+=±')).toBe(MESSAGES.en.divisionByZero);
    expect(display('1÷0=4+1=')).toBe('= 5');
  });

  it('overflow gives a clear message', () => {
    expect(display('999999999999999+1=')).toContain('Overflow');
    expect(display('999999999999999+1=', 'ru')).toContain('Переполнение');
    expect(display('99999999×99999999=')).toContain('Overflow');
    expect(display('999999999999999±−1=')).toContain('Overflow');
    expect(display('1÷0.00000000000001=')).toBe('= 100000000000000');
    expect(display('10÷0.00000000000001=')).toContain('Overflow');
    expect(display('999999999999999+0.4=')).toBe('= 999999999999999');
    expect(display('999999999999999+0.5=')).toContain('Overflow');
  });

  it('roundFraction rounds half away from zero', () => {
    expect(roundFraction(1n, 3n)).toBe('0.33333333333333');
    expect(roundFraction(-2n, 3n)).toBe('-0.66666666666667');
    expect(roundFraction(5n, 10n ** 15n)).toBe('0.00000000000001');
    expect(roundFraction(-4n, 10n ** 15n)).toBe('0');
    expect(roundFraction(10n ** 15n, 1n)).toBe('overflow');
  });

  it('encodes states compactly', () => {
    expect(encodeState(INITIAL_STATE)).toBe('_0');
    expect(encodeState(pressAll(type('12+3')))).toBe('12a3');
    expect(encodeState(pressAll(type('2+3=')))).toBe('5_');
    expect(encodeState(pressAll(type('1÷0=')))).toBe('!z');
    expect(callbackData('7', pressAll(type('12×')))).toBe('7:12m');
    expect(
      keyboard(INITIAL_STATE)
        .flat()
        .map((b) => b.text)
        .join(' '),
    ).toBe('C ⌫ ± ÷ 7 8 9 × 4 5 6 − 1 2 3 + 0 . =');
  });

  it('rejects malformed state and callback data', () => {
    for (const bad of ['', '_', '12', '-0_', '12_3', 'a3', '01_', '1.0_', '1.50_', '!x', '_-', '_1.2.3', '1234567890123456_', 'x:_0', '7_0', '7:', '7:zz']) {
      expect(decodeState(bad) === null || parseCallbackData(bad) === null).toBe(true);
    }
    expect(decodeState('_')).toBeNull();
    expect(parseCallbackData('Q:_0')).toBeNull();
    expect(parseCallbackData('7:_0')).toEqual({ key: '7', state: INITIAL_STATE });
  });
});

// ------------------------------------------------------------------------------------------------ properties

describe('calculator core: properties', () => {
  it('evaluates strictly left to right like the reference, intermediate results included', () => {
    fc.assert(
      fc.property(expression, fc.boolean(), ({ first, rest }, endWithEquals) => {
        let state = pressAll(keysFor(first));
        let ref: RefValue = refRound(refParse(first));
        for (let i = 0; i < rest.length; i++) {
          const { op, n } = rest[i];
          state = press(state, op); // applies the pending operator (or takes the first number)
          if (typeof ref !== 'bigint') break;
          if (i > 0) ref = refApply(ref, rest[i - 1].op, refParse(rest[i - 1].n));
          expectMatches(state, ref, op);
          if (typeof ref !== 'bigint') return;
          state = pressAll(keysFor(n), state);
        }
        const last = rest[rest.length - 1];
        ref = refApply(ref as bigint, last.op, refParse(last.n));
        const final = endWithEquals ? press(state, '=') : press(state, '+');
        expectMatches(final, ref, endWithEquals ? null : '+');
        if (endWithEquals && typeof ref === 'bigint') expect(render(final, 'en')).toBe(`= ${refFormat(ref).replace('-', '−')}`);
      }),
      { numRuns: 500 },
    );
  });

  it('every reachable state is valid, round-trips through its encoding and renders injectively', () => {
    const seen = new Map<string, string>(); // text → encoded state, over all runs
    fc.assert(
      fc.property(anyKeys, (keys) => {
        for (const state of walk(keys)) {
          expect(isValidState(state)).toBe(true);
          expect(decodeState(encodeState(state))).toEqual(state);
          const text = render(state, 'en');
          const encoded = encodeState(state);
          expect(seen.get(text) ?? encoded).toBe(encoded);
          seen.set(text, encoded);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every callback_data fits in 64 bytes and parses back to its key and state', () => {
    fc.assert(
      fc.property(anyKeys, (keys) => {
        for (const state of walk(keys)) {
          const encoded = encodeState(state);
          for (const button of keyboard(state).flat()) {
            if (Buffer.byteLength(button.callback_data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`too long: ${button.callback_data}`);
            const parsed = parseCallbackData(button.callback_data);
            if (!parsed || encodeState(parsed.state) !== encoded || callbackData(parsed.key, parsed.state) !== button.callback_data) {
              throw new Error(`does not round-trip: ${button.callback_data}`);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
    // the longest possible state: 15-digit negative decimals on both sides
    const longest = pressAll(type('1.23456789012345±×1.23456789012345±'));
    expect(encodeState(longest)).toBe('-1.23456789012345m-1.23456789012345');
    expect(
      Math.max(
        ...keyboard(longest)
          .flat()
          .map((b) => Buffer.byteLength(b.callback_data)),
      ),
    ).toBe(37);
  });

  it('never shows NaN, Infinity, exponents or more than 15 digits', () => {
    const states = fc.oneof(
      anyKeys.map((keys) => walk(keys)),
      expression.map(({ first, rest }) => walk([...keysFor(first), ...rest.flatMap(({ op, n }) => [op, ...keysFor(n)]), '='])),
    );
    fc.assert(
      fc.property(states, fc.constantFrom('en' as const, 'ru' as const), (visited, lang) => {
        for (const state of visited) {
          const text = render(state, lang);
          expect(text.length).toBeGreaterThan(0);
          expect(text).not.toMatch(/NaN|Infinity|undefined|null|\d[eE][+-]?\d/);
          if (state.kind === 'ready') for (const number of text.match(/[\d.]+/g) ?? []) expect(digitCount(number)).toBeLessThanOrEqual(MAX_DIGITS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('division by zero always gives the message, whatever was before', () => {
    const zero = fc.constantFrom('0', '0.', '0.0', '00', '0.00000', '-0', '-0.0');
    const finish = fc.constantFrom<Key>('=', ...OPERATORS);
    fc.assert(
      fc.property(anyKeys, zero, finish, (prefix, z, last) => {
        const divided = press(pressAll(prefix), '/');
        fc.pre(divided.kind === 'ready'); // an error already (e.g. a pending overflow) ignores ÷
        expect(divided).toEqual(expect.objectContaining({ op: '/', entry: null }));
        const state = pressAll([...keysFor(z), last], divided);
        expect(state).toEqual({ kind: 'error', error: 'divisionByZero' });
        expect(render(state, 'en')).toContain('Division by zero');
        expect(render(state, 'ru')).toContain('Деление на ноль');
        expect(press(state, 'C')).toEqual(INITIAL_STATE);
      }),
      { numRuns: 300 },
    );
  });

  it('results beyond 15 integer digits are an overflow, never a wrong number', () => {
    const big = digitsOf(8, 15).filter((s) => !s.startsWith('0'));
    fc.assert(
      fc.property(big, big, fc.constantFrom<Operator>('+', '*'), (a, b, op) => {
        const state = pressAll([...keysFor(a), op, ...keysFor(b), '=']);
        const exact = op === '+' ? BigInt(a) + BigInt(b) : BigInt(a) * BigInt(b);
        if (exact >= 10n ** 15n) {
          expect(state).toEqual({ kind: 'error', error: 'overflow' });
          expect(render(state, 'en')).toContain('Overflow');
          expect(render(state, 'ru')).toContain('Переполнение');
        } else {
          expect(render(state, 'en')).toBe(`= ${exact}`);
          expect(exact <= BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('decoding arbitrary strings never throws and only accepts canonical encodings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9.\-asmd_!zo:CBN=+*/]{0,40}$/)), (s) => {
        const state = decodeState(s);
        if (state) expect(encodeState(state)).toBe(s);
        const parsed = parseCallbackData(s);
        if (parsed) expect(callbackData(parsed.key, parsed.state)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});

function expectMatches(state: CalcState, ref: RefValue, pendingOp: Operator | null): void {
  if (typeof ref === 'bigint') {
    expect(state).toEqual({ kind: 'ready', acc: refFormat(ref), op: pendingOp, entry: null });
  } else {
    expect(state).toEqual({ kind: 'error', error: ref });
  }
}
