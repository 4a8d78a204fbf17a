/**
 * Local time of a room without a time-zone database: the caller passes the
 * zone's UTC offsets as plain data (ZoneOffsets), e.g. built at the edge
 * with Intl (libs/platform `zoneOffsetsFromIntl`) for the span a command
 * looks at. Everything here is arithmetic on epoch milliseconds - pure and
 * deterministic.
 */

/** UTC offsets of one time zone over a span of time. */
export interface ZoneOffsets {
  /** IANA name, for messages only. */
  zone: string;
  /** Offset in minutes east of UTC before the first change (the whole time if there is none). */
  offsetMinutes: number;
  /** Offset changes (daylight saving), ascending by `at` - a UTC instant (ISO 8601). */
  changes?: { at: string; offsetMinutes: number }[];
}

/** The runtime's zone data as the domain asks for it: the offsets of `timeZone` over [fromMs, toMs] (libs/platform `zoneOffsetsFromIntl`). */
export type ZoneOffsetsLookup = (timeZone: string, fromMs: number, toMs: number) => ZoneOffsets;

/** A zone with one offset all year (most of Russia, UTC...). */
export const fixedZone = (zone: string, offsetMinutes: number): ZoneOffsets => ({ zone, offsetMinutes, changes: [] });

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;
const DAY_MS = DAY_MINUTES * MINUTE_MS;

/** Wall-clock time in a zone. */
export interface LocalDateTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  offsetMinutes: number;
}

export function offsetAt(zone: ZoneOffsets, ms: number): number {
  let offset = zone.offsetMinutes;
  for (const change of zone.changes ?? []) {
    if (Date.parse(change.at) <= ms) offset = change.offsetMinutes;
    else break;
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a UTC-based day number (days since 1970-01-01). */
function dateOfDayNumber(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; NaN if it is not a real date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / DAY_MS;
}

export const isValidDate = (date: string) => !Number.isNaN(dayNumber(date));
/** Noon UTC of a local date: inside that date in every zone from UTC-11 to UTC+11 (an instant to look a date's zone offsets up around). */
export const noonOf = (date: string) => Date.parse(`${date}T12:00:00Z`);
export const addDays = (date: string, days: number) => dateOfDayNumber(dayNumber(date) + days);
/** b - a in days. */
export const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);
/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export const weekdayOf = (date: string) => ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;

export function toLocal(zone: ZoneOffsets, ms: number): LocalDateTime {
  const offsetMinutes = offsetAt(zone, ms);
  const local = ms + offsetMinutes * MINUTE_MS;
  const day = Math.floor(local / DAY_MS);
  const inDay = local - day * DAY_MS;
  const date = dateOfDayNumber(day);
  return {
    date,
    minute: Math.floor(inDay / MINUTE_MS),
    second: Math.floor((inDay % MINUTE_MS) / 1000),
    weekday: weekdayOf(date),
    offsetMinutes,
  };
}

/**
 * The instant of a wall-clock time (`minute` may be 1440 = the next midnight).
 * Ambiguous times (clocks going back) resolve to the earlier instant; times
 * in a gap (clocks going forward) are read with the offset before the gap,
 * i.e. moved forward by the gap - like Temporal's "compatible".
 */
export function fromLocal(zone: ZoneOffsets, date: string, minute: number): number {
  const localMs = dayNumber(date) * DAY_MS + minute * MINUTE_MS;
  const offsets = [...new Set([zone.offsetMinutes, ...(zone.changes ?? []).map((c) => c.offsetMinutes)])];
  const candidates = offsets.map((o) => localMs - o * MINUTE_MS);
  const valid = candidates.filter((utc, i) => offsetAt(zone, utc) === offsets[i]);
  return valid.length ? Math.min(...valid) : Math.max(...candidates);
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `YYYY-MM-DDTHH:MM:SS±HH:MM` in the zone - the form booking events store. */
export function formatLocalIso(zone: ZoneOffsets, ms: number): string {
  const t = toLocal(zone, ms);
  return `${t.date}T${formatHhmm(t.minute)}:${pad(t.second)}${formatOffset(t.offsetMinutes)}`;
}

/** `HH:MM` -> minutes; `24:00` only when allowed. null when malformed. */
export function parseHhmm(s: string, allow24 = false): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h === 24 && min === 0 && allow24) return DAY_MINUTES;
  if (h > 23) return null;
  return h * 60 + min;
}

/** Minutes -> `HH:MM` (1440 -> `24:00`). */
export const formatHhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * Minute of the room-day `date` of a stored local ISO time (its wall clock,
 * not recomputed): `...T10:30:00+03:00` -> 630; the next day's `T00:00` -> 1440.
 */
export function minuteOfDay(localIso: string, date: string): number {
  const own = localIso.slice(0, 10);
  const minute = Number(localIso.slice(11, 13)) * 60 + Number(localIso.slice(14, 16));
  return minute + daysBetween(date, own) * DAY_MINUTES;
}

export const floorToMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
export const ceilToMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
