/**
 * The display's payload parser (firmware/core/payload.cpp) in TypeScript,
 * byte for byte: the server's tests parse what the builder emits with it,
 * and the preview renders from its result, so both see exactly what the
 * panel would.
 */
import {
  ETAG_MAX_BYTES,
  FLAGS_MAX,
  MAX_MEETINGS,
  PROTOCOL_VERSION,
  QR_MAX_BYTES,
  REFRESH_DEFAULT_SEC,
  ROOM_MAX_BYTES,
  TITLE_MAX_BYTES,
  END_OF_DAY,
} from './limits';
import { encoder, sanitizeField } from './utf8';

export type Lang = 'ru' | 'en';
export type StatusKind = 'unknown' | 'free' | 'busy';

/** Free: `until` = next start or -1 (rest of the day). Busy: end of the chain, or -1 (unknown). */
export interface Status {
  kind: StatusKind;
  until: number;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
  /** Minutes east of UTC. */
  utcOffset: number;
}
export const minuteOfDay = (t: LocalTime) => t.hour * 60 + t.minute;

export interface Meeting {
  start: number;
  end: number;
  hidden: boolean;
  checkedIn: boolean;
  /** Empty: the device shows the "Busy" placeholder. */
  title: string;
}

export interface Schedule {
  version: number;
  room: string;
  now: LocalTime;
  /** As sent (kind 'unknown' if absent or invalid). */
  status: Status;
  checkinDue: boolean;
  qr: string;
  /** Valid meetings kept, sorted by (start, end). */
  meetings: Meeting[];
  meetingsDropped: number;
  truncatedRoom: boolean;
  truncatedTitle: boolean;
  refreshSec: number;
  etag: string;
  lang: Lang | null;
}

export type ParseError = 'empty' | 'no_version' | 'bad_version' | 'unsupported_version' | 'missing_room' | 'missing_now' | 'bad_now';
export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; error: ParseError };

/* ------------------------------------------------------------------ helpers */

/**
 * Bytes as Latin-1 text, for keys and ASCII values. Nothing the parser
 * compares or parses this way is longer than 100 bytes, so longer input is
 * cut there and marked with a NUL, which keeps it invalid (lines of any
 * length are parsed safely).
 */
function ascii(bytes: Uint8Array, a: number, b: number): string {
  let s = '';
  for (let i = a; i < Math.min(b, a + 100); i++) s += String.fromCharCode(bytes[i]);
  return b - a > 100 ? `${s}\u0000` : s;
}
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

function digits(s: string, from: number, count: number): number | null {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return null;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);

/** 0 = Monday ... 6 = Sunday (Sakamoto). */
export function weekdayOf(y: number, m: number, d: number): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  if (m < 3) y -= 1;
  const sunday0 = (y + Math.trunc(y / 4) - Math.trunc(y / 100) + Math.trunc(y / 400) + t[m - 1] + d) % 7;
  return (sunday0 + 6) % 7;
}

/** `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`, year 2000-2999, offset within ±14:00. */
export function parseNow(s: string): LocalTime | null {
  if (s.length < 17) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y === null || s[4] !== '-' || mo === null || s[7] !== '-' || d === null || s[10] !== 'T' || h === null || s[13] !== ':' || mi === null) return null;
  let i = 16;
  let sec = 0;
  if (i < s.length && s[i] === ':') {
    const v = s.length < i + 3 ? null : digits(s, i + 1, 2);
    if (v === null) return null;
    sec = v;
    i += 3;
  }
  let offset: number;
  if (s.length === i + 1 && s[i] === 'Z') {
    offset = 0;
  } else if (s.length === i + 6 && (s[i] === '+' || s[i] === '-') && s[i + 3] === ':') {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh === null || om === null || om > 59) return null;
    offset = oh * 60 + om;
    if (offset > 14 * 60) return null;
    if (s[i] === '-') offset = -offset;
  } else {
    return null;
  }
  if (y < 2000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  return { year: y, month: mo, day: d, hour: h, minute: mi, second: sec, utcOffset: offset, weekday: weekdayOf(y, mo, d) };
}

/** `HH:MM` -> minutes (exactly 5 characters); -1 if invalid. */
export function parseHhmm(s: string, allow24: boolean): number {
  if (s.length !== 5 || s[2] !== ':') return -1;
  const h = digits(s, 0, 2);
  const m = digits(s, 3, 2);
  if (h === null || m === null || m > 59) return -1;
  if (h === 24 && m === 0 && allow24) return END_OF_DAY;
  if (h > 23) return -1;
  return h * 60 + m;
}

function parseStatus(v: string): Status | null {
  const bar = v.indexOf('|');
  const word = bar < 0 ? v : v.slice(0, bar);
  const time = bar < 0 ? '' : v.slice(bar + 1);
  if (word !== 'free' && word !== 'busy') return null;
  if (time.length === 0) return { kind: word, until: -1 };
  const t = parseHhmm(time, word === 'busy');
  return t < 0 ? null : { kind: word, until: t };
}

/** Opaque ASCII token: 1..max of '!'..'~' (quote allowed only where said). */
function validToken(bytes: Uint8Array, a: number, b: number, max: number, allowQuote: boolean): boolean {
  const n = b - a;
  if (n === 0 || n > max) return false;
  for (let i = a; i < b; i++) {
    const c = bytes[i];
    if (c < 0x21 || c > 0x7e || (!allowQuote && c === 0x22)) return false;
  }
  return true;
}

/** 1-9 decimal digits. */
function parseUint(s: string): number | null {
  if (s.length === 0 || s.length > 9) return null;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return null;
  return Number(s);
}

const indexOfByte = (bytes: Uint8Array, byte: number, from: number, to: number) => {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
};

/* -------------------------------------------------------------------- parse */

export function parsePayload(input: Uint8Array | string): ParseResult {
  const data = typeof input === 'string' ? encoder.encode(input) : input;
  const len = data.length;
  let pos = len >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  const s: Schedule = {
    version: 0,
    room: '',
    now: { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0, utcOffset: 0 },
    status: { kind: 'unknown', until: -1 },
    checkinDue: false,
    qr: '',
    meetings: [],
    meetingsDropped: 0,
    truncatedRoom: false,
    truncatedTitle: false,
    refreshSec: REFRESH_DEFAULT_SEC,
    etag: '',
    lang: null,
  };
  let seenVersion = false;
  let seenRoom = false;
  let seenNow = false;
  let badNow = false;
  while (pos < len) {
    const nl = indexOfByte(data, 0x0a, pos, len);
    const lineEnd = nl < 0 ? len : nl;
    const a = pos;
    let b = lineEnd;
    pos = lineEnd + 1;
    if (b > a && data[b - 1] === 0x0d) b--;
    if (b === a) continue;
    const eq = indexOfByte(data, 0x3d, a, b);
    const key = ascii(data, a, eq < 0 ? b : eq);
    const va = eq < 0 ? b : eq + 1;
    if (!seenVersion) {
      if (eq < 0 || key !== 'v') return { ok: false, error: 'no_version' };
      const v = parseUint(ascii(data, va, b));
      if (v === null) return { ok: false, error: 'bad_version' };
      if (v !== PROTOCOL_VERSION) return { ok: false, error: 'unsupported_version' };
      s.version = PROTOCOL_VERSION;
      seenVersion = true;
      continue;
    }
    if (eq < 0) continue;
    switch (key) {
      case 'room': {
        const r = sanitizeField(data, va, b, ROOM_MAX_BYTES);
        s.room = r.text;
        if (r.truncated) s.truncatedRoom = true;
        seenRoom = s.room !== '';
        break;
      }
      case 'now': {
        seenNow = true;
        const t = parseNow(ascii(data, va, b));
        badNow = t === null;
        if (t) s.now = t;
        break;
      }
      case 'st':
        s.status = parseStatus(ascii(data, va, b)) ?? { kind: 'unknown', until: -1 };
        break;
      case 'ci':
        s.checkinDue = b - va === 1 && data[va] === 0x31;
        break;
      case 'qr':
        s.qr = validToken(data, va, b, QR_MAX_BYTES, true) ? ascii(data, va, b) : '';
        break;
      case 'etag':
        s.etag = validToken(data, va, b, ETAG_MAX_BYTES, false) ? ascii(data, va, b) : '';
        break;
      case 'refresh':
        s.refreshSec = parseUint(ascii(data, va, b)) ?? REFRESH_DEFAULT_SEC;
        break;
      case 'lang': {
        const l = ascii(data, va, b);
        s.lang = l === 'ru' ? 'ru' : l === 'en' ? 'en' : null;
        break;
      }
      case 'm': {
        const m = s.meetings.length < MAX_MEETINGS ? parseMeeting(data, va, b) : null;
        if (m) {
          s.meetings.push(m.meeting);
          if (m.truncated) s.truncatedTitle = true;
        } else if (s.meetingsDropped < 255) {
          s.meetingsDropped++;
        }
        break;
      }
      default:
        break; // unknown keys and repeated v= are ignored
    }
  }
  if (!seenVersion) return { ok: false, error: 'empty' };
  if (!seenRoom) return { ok: false, error: 'missing_room' };
  if (!seenNow) return { ok: false, error: 'missing_now' };
  if (badNow) return { ok: false, error: 'bad_now' };
  // Stable insertion sort by (start, end), as on the device.
  s.meetings = s.meetings
    .map((m, i) => ({ m, i }))
    .sort((x, y) => x.m.start - y.m.start || x.m.end - y.m.end || x.i - y.i)
    .map((x) => x.m);
  return { ok: true, schedule: s };
}

/** start|end|flags|title; the title is everything after the third '|'. */
function parseMeeting(data: Uint8Array, a: number, b: number): { meeting: Meeting; truncated: boolean } | null {
  const bar1 = indexOfByte(data, 0x7c, a, b);
  if (bar1 < 0) return null;
  const bar2 = indexOfByte(data, 0x7c, bar1 + 1, b);
  if (bar2 < 0) return null;
  const bar3 = indexOfByte(data, 0x7c, bar2 + 1, b);
  if (bar3 < 0) return null;
  const start = parseHhmm(ascii(data, a, bar1), false);
  const end = parseHhmm(ascii(data, bar1 + 1, bar2), true);
  if (start < 0 || end < 0 || start >= end) return null;
  let hidden = false;
  let checkedIn = false;
  for (let i = bar2 + 1; i < bar3 && i < bar2 + 1 + FLAGS_MAX; i++) {
    if (data[i] === 0x68) hidden = true;
    if (data[i] === 0x63) checkedIn = true;
  }
  const title = sanitizeField(data, bar3 + 1, b, TITLE_MAX_BYTES);
  return { meeting: { start, end, hidden, checkedIn, title: title.text }, truncated: title.truncated };
}
