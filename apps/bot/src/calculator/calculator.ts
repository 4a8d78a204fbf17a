/**
 * Pure core of the demo calculator bot: keys, state, left-to-right decimal arithmetic, rendering and the compact
 * encoding of the state that lives in the Telegram message itself (no process memory).
 *
 * - Evaluation is strictly left to right, no precedence, no parentheses: 2 + 3 × 4 = 20.
 * - Numbers are exact decimals (BigInt units × 10^-scale), so 0.1 + 0.2 = 0.3. Every number on the display has at most
 *   MAX_DIGITS (15) digits in total (integer part + fraction, a leading "0." counts as one). Results are rounded to
 *   fit (half away from zero, e.g. 2 ÷ 3 = 0.66666666666667); a result whose integer part does not fit
 *   (|x| ≥ 10^15, which is also below Number.MAX_SAFE_INTEGER) is an overflow.
 * - Division by zero and overflow put the calculator into an error state: the display shows a clear message, C / ⌫
 *   reset it, a digit or "." starts a new number, other keys are ignored.
 *
 * Where the state lives: every inline button carries `<key>:<state>` in its callback_data (≤ 37 bytes, the limit is
 * 64), and the message text is an injective rendering of the same state. A press therefore brings the complete
 * state of the message it was pressed on; the bot computes the next state, re-renders text and keyboard and edits
 * the message. Equal text ⇒ equal state, so "text unchanged" means there is nothing to edit.
 */

export const MAX_DIGITS = 15;
/** Telegram's limit for callback_data (bytes). */
export const CALLBACK_DATA_MAX_BYTES = 64;

export type Operator = '+' | '-' | '*' | '/';
export type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** ASCII key codes as they travel in callback_data: B = backspace (⌫), N = negate (±), C = clear. */
export type Key = Digit | '.' | Operator | '=' | 'C' | 'B' | 'N';
export type CalcError = 'divisionByZero' | 'overflow';
export type Lang = 'en' | 'ru';

export const DIGITS: readonly Digit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const OPERATORS: readonly Operator[] = ['+', '-', '*', '/'];
export const KEYS: readonly Key[] = [...DIGITS, '.', ...OPERATORS, '=', 'C', 'B', 'N'];

/**
 * The calculator state.
 * - `acc`: the accumulated value (canonical decimal string: no trailing fraction zeros, no "-0"), or null;
 * - `op`: the pending operator (then `acc` is set);
 * - `entry`: the number being typed, as typed ("12.", "-0", "0.50"), or null.
 * Three shapes: typing the first number (`acc` null, `entry` set, initially "0"); a shown result ("= 20": `acc` set,
 * no `op`, no `entry`; a digit starts a new calculation); `acc op [entry]`.
 */
export type CalcState =
  | { readonly kind: 'ready'; readonly acc: string | null; readonly op: Operator | null; readonly entry: string | null }
  | { readonly kind: 'error'; readonly error: CalcError };

export const INITIAL_STATE: CalcState = Object.freeze({ kind: 'ready', acc: null, op: null, entry: '0' });

const ready = (acc: string | null, op: Operator | null, entry: string | null): CalcState => ({ kind: 'ready', acc, op, entry });
const failure = (error: CalcError): CalcState => ({ kind: 'error', error });

// ------------------------------------------------------------------------------------------------ decimals

const CANONICAL = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;
const ENTRY = /^-?(0|[1-9]\d*)(\.\d*)?$/;
const LIMIT = 10n ** BigInt(MAX_DIGITS);

export function digitCount(s: string): number {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
}

export function isCanonicalNumber(s: string): boolean {
  return CANONICAL.test(s) && s !== '-0' && digitCount(s) <= MAX_DIGITS;
}

export function isEntry(s: string): boolean {
  return ENTRY.test(s) && digitCount(s) <= MAX_DIGITS;
}

/** "-12.50" → { units: -1250n, scale: 2 }. Accepts entries and canonical numbers. */
function parseDecimal(s: string): { units: bigint; scale: number } {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const [int, frac = ''] = body.split('.');
  const units = BigInt(int + frac);
  return { units: negative ? -units : units, scale: frac.length };
}

/**
 * Rounds num/den (den ≠ 0) to at most MAX_DIGITS digits, half away from zero; canonical string or 'overflow'.
 * Exported for tests only.
 */
export function roundFraction(num: bigint, den: bigint): string | 'overflow' {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const n = negative ? -num : num;
  const int = n / den;
  if (int >= LIMIT) return 'overflow';
  const intDigits = int === 0n ? 1 : int.toString().length;
  const fracDigits = MAX_DIGITS - intDigits;
  const pow = 10n ** BigInt(fracDigits);
  const scaled = n * pow;
  let q = scaled / den;
  if ((scaled % den) * 2n >= den) q += 1n;
  if (q >= LIMIT * pow) return 'overflow';
  if (q === 0n) return '0';
  let intPart = (q / pow).toString();
  const frac = fracDigits > 0 ? (q % pow).toString().padStart(fracDigits, '0').replace(/0+$/, '') : '';
  if (negative) intPart = `-${intPart}`;
  return frac ? `${intPart}.${frac}` : intPart;
}

/** Canonical form of an entry ("12." → "12", "-0" → "0", "0.50" → "0.5"). */
export function normalize(entry: string): string {
  const { units, scale } = parseDecimal(entry);
  const result = roundFraction(units, 10n ** BigInt(scale));
  // an entry has at most MAX_DIGITS digits, so it always fits
  return result === 'overflow' ? '0' : result;
}

/** a op b, rounded; an error for division by zero / overflow. */
export function applyOperator(a: string, op: Operator, b: string): { value: string } | { error: CalcError } {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const px = 10n ** BigInt(x.scale);
  const py = 10n ** BigInt(y.scale);
  let num: bigint;
  let den: bigint;
  switch (op) {
    case '+':
      num = x.units * py + y.units * px;
      den = px * py;
      break;
    case '-':
      num = x.units * py - y.units * px;
      den = px * py;
      break;
    case '*':
      num = x.units * y.units;
      den = px * py;
      break;
    case '/':
      if (y.units === 0n) return { error: 'divisionByZero' };
      num = x.units * py;
      den = y.units * px;
      break;
  }
  const value = roundFraction(num, den);
  return value === 'overflow' ? { error: 'overflow' } : { value };
}

// ------------------------------------------------------------------------------------------------ keys

/** Sign of a canonical value (0 stays 0). */
function negateValue(value: string): string {
  if (value.startsWith('-')) return value.slice(1);
  return value === '0' ? value : `-${value}`;
}

/** Sign of an entry as typed ("0" ↔ "-0"). */
function negateEntry(entry: string): string {
  return entry.startsWith('-') ? entry.slice(1) : `-${entry}`;
}

function typeDigit(entry: string | null, digit: Digit): string | null {
  if (entry === null || entry === '0') return digit;
  if (entry === '-0') return `-${digit}`;
  if (digitCount(entry) >= MAX_DIGITS) return null; // full: the key is ignored
  return entry + digit;
}

function typePoint(entry: string | null): string | null {
  if (entry === null) return '0.';
  if (entry.includes('.') || digitCount(entry) >= MAX_DIGITS) return null;
  return `${entry}.`;
}

/** Backspace on an entry: the shorter entry, or `empty` when nothing is left. */
function erase(entry: string, empty: string | null): string | null {
  const next = entry.slice(0, -1);
  return next === '' || next === '-' ? empty : next;
}

/**
 * The state after pressing `key`. Pure and total: a valid state and any key give a valid state (an ignored key
 * returns the same state).
 */
export function press(state: CalcState, key: Key): CalcState {
  if (key === 'C') return INITIAL_STATE;
  if (state.kind === 'error') {
    if (key === 'B') return INITIAL_STATE;
    if (key === '.') return ready(null, null, '0.');
    if ((DIGITS as readonly string[]).includes(key)) return ready(null, null, key);
    return state; // operators, =, ± do nothing until the user starts over
  }
  const { acc, op, entry } = state;
  if (acc === null) {
    // typing the first number (entry is never null here)
    const typed = entry ?? '0';
    switch (key) {
      case '.': {
        const next = typePoint(typed);
        return next === null ? state : ready(null, null, next);
      }
      case 'N':
        return ready(null, null, negateEntry(typed));
      case 'B':
        return ready(null, null, erase(typed, '0'));
      case '=':
        return state; // nothing pending
      case '+':
      case '-':
      case '*':
      case '/':
        return ready(normalize(typed), key, null);
      default: {
        const next = typeDigit(typed, key);
        return next === null ? state : ready(null, null, next);
      }
    }
  }
  if (op === null) {
    // a shown result: a number starts over, an operator continues with it
    switch (key) {
      case '.':
        return ready(null, null, '0.');
      case 'N':
        return ready(negateValue(acc), null, null);
      case 'B':
        return ready(null, null, erase(acc, '0'));
      case '=':
        return state;
      case '+':
      case '-':
      case '*':
      case '/':
        return ready(acc, key, null);
      default:
        return ready(null, null, key);
    }
  }
  // acc op [entry]
  switch (key) {
    case '.': {
      const next = typePoint(entry);
      return next === null ? state : ready(acc, op, next);
    }
    case 'N':
      return ready(acc, op, entry === null ? '-0' : negateEntry(entry));
    case 'B':
      // without an entry, drop the operator: the left operand becomes editable again
      return entry === null ? ready(null, null, acc) : ready(acc, op, erase(entry, null));
    case '=':
    case '+':
    case '-':
    case '*':
    case '/': {
      const next = key === '=' ? null : key;
      if (entry === null) return ready(acc, next, null); // "12 + =" gives 12; "12 + ×" replaces the operator
      const result = applyOperator(acc, op, entry);
      return 'error' in result ? failure(result.error) : ready(result.value, next, null);
    }
    default: {
      const next = typeDigit(entry, key);
      return next === null ? state : ready(acc, op, next);
    }
  }
}

export function pressAll(keys: Iterable<Key>, state: CalcState = INITIAL_STATE): CalcState {
  for (const key of keys) state = press(state, key);
  return state;
}

// ------------------------------------------------------------------------------------------------ state encoding

const OP_CODE: Record<Operator, string> = { '+': 'a', '-': 's', '*': 'm', '/': 'd' };
const CODE_OP: Record<string, Operator | null> = { a: '+', s: '-', m: '*', d: '/', _: null };
const ERROR_CODE: Record<CalcError, string> = { divisionByZero: '!z', overflow: '!o' };
const CODE_ERROR: Record<string, CalcError> = { '!z': 'divisionByZero', '!o': 'overflow' };
const STATE_FORMAT = /^(-?[0-9.]*)([asmd_])(-?[0-9.]*)$/;

/** Compact ASCII form: `<acc><op code a|s|m|d|_><entry>` ("12a3", "_5", "20_", "_"), errors "!z" / "!o". */
export function encodeState(state: CalcState): string {
  if (state.kind === 'error') return ERROR_CODE[state.error];
  return `${state.acc ?? ''}${state.op === null ? '_' : OP_CODE[state.op]}${state.entry ?? ''}`;
}

/** Inverse of encodeState; null for anything that is not a valid state (never throws). */
export function decodeState(encoded: string): CalcState | null {
  if (Object.prototype.hasOwnProperty.call(CODE_ERROR, encoded)) return failure(CODE_ERROR[encoded]);
  const m = STATE_FORMAT.exec(encoded);
  if (!m) return null;
  const acc = m[1] === '' ? null : m[1];
  const op = CODE_OP[m[2]];
  const entry = m[3] === '' ? null : m[3];
  if (acc !== null && !isCanonicalNumber(acc)) return null;
  if (entry !== null && !isEntry(entry)) return null;
  if (acc === null && (op !== null || entry === null)) return null;
  if (acc !== null && op === null && entry !== null) return null;
  return ready(acc, op, entry);
}

export function isValidState(state: CalcState): boolean {
  const decoded = decodeState(encodeState(state));
  return decoded !== null && JSON.stringify(decoded) === JSON.stringify(state);
}

export function callbackData(key: Key, state: CalcState): string {
  return `${key}:${encodeState(state)}`;
}

/** `<key>:<state>` → the key pressed and the state of the message it was pressed on; null if malformed. */
export function parseCallbackData(data: string): { key: Key; state: CalcState } | null {
  if (data.length < 3 || data[1] !== ':') return null;
  const key = data[0] as Key;
  if (!KEYS.includes(key)) return null;
  const state = decodeState(data.slice(2));
  return state ? { key, state } : null;
}

// ------------------------------------------------------------------------------------------------ rendering

export const KEY_LABELS: Record<Key, string> = {
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  '.': '.',
  '+': '+',
  '-': '−',
  '*': '×',
  '/': '÷',
  '=': '=',
  C: 'C',
  B: '⌫',
  N: '±',
};

/** The keypad, row by row. */
export const KEYPAD: readonly (readonly Key[])[] = [
  ['C', 'B', 'N', '/'],
  ['7', '8', '9', '*'],
  ['4', '5', '6', '-'],
  ['1', '2', '3', '+'],
  ['0', '.', '='],
];

export interface InlineButton {
  text: string;
  callback_data: string;
}

/** The inline keyboard of a message showing `state`: every button carries its key and the whole state. */
export function keyboard(state: CalcState): InlineButton[][] {
  return KEYPAD.map((row) => row.map((key) => ({ text: KEY_LABELS[key], callback_data: callbackData(key, state) })));
}

export const MESSAGES: Record<Lang, Record<CalcError | 'unknownKey' | 'failed' | 'hint', string>> = {
  en: {
    divisionByZero: '⚠️ Division by zero. Press C to start over.',
    overflow: `⚠️ Overflow: the result does not fit in ${MAX_DIGITS} digits. Press C to start over.`,
    unknownKey: 'This keypad is out of date: send /start',
    failed: 'Could not update the display, try again',
    hint: 'Send /start to open the calculator.',
  },
  ru: {
    divisionByZero: '⚠️ Деление на ноль. Нажмите C, чтобы начать заново.',
    overflow: `⚠️ Переполнение: результат не помещается в ${MAX_DIGITS} цифр. Нажмите C, чтобы начать заново.`,
    unknownKey: 'Клавиатура устарела: отправьте /start',
    failed: 'Не удалось обновить экран, попробуйте ещё раз',
    hint: 'Отправьте /start, чтобы открыть калькулятор.',
  },
};

export function languageOf(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

const OP_SYMBOL: Record<Operator, string> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

/** A number as shown: U+2212 for the minus sign. */
function shown(value: string): string {
  return value.startsWith('-') ? `−${value.slice(1)}` : value;
}

/**
 * The message text. Injective per language: "0", "12.5", "12 +", "12 + 3", "12 × (−3)", "= 20", or the error message.
 */
export function render(state: CalcState, lang: Lang): string {
  if (state.kind === 'error') return MESSAGES[lang][state.error];
  const { acc, op, entry } = state;
  if (acc === null) return shown(entry ?? '0');
  if (op === null) return `= ${shown(acc)}`;
  if (entry === null) return `${shown(acc)} ${OP_SYMBOL[op]}`;
  return `${shown(acc)} ${OP_SYMBOL[op]} ${entry.startsWith('-') ? `(${shown(entry)})` : entry}`;
}
