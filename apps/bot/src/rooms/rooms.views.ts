import type { BookingView, DisplayListDto, OfficeView, RoomDayView, RoomView } from '@megabot/contracts';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { html } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { t } from './rooms.i18n';

/**
 * Callback data of the room screens (all ≤ 64 bytes; a button that would not
 * fit is left out). Dates are `YYYYMMDD`, times `HHMM`, local to the room
 * (or office, for "any room").
 *   r:O                      offices            r:o:<office>                 an office
 *   r:m:<room>               a room (today)     r:d:<room>:<date>            a room's day: start slots
 *   r:s:<room>:<date>:<hhmm>:<min>   book it    r:n:<room>:<min>             book now
 *   r:a:<office>:<people>    any room: days     r:ad:<office>:<people>:<date>   any room: starts
 *   r:as:<office>:<people>:<date>:<hhmm>        any room: book the best fit
 *   r:M[:<position>]         my bookings        r:x|e|f|c:<booking>          cancel / extend 15 / end / check in
 *   r:sk|sx:<series>         keep / cancel a flagged series
 */
export const ROOMS_CALLBACK = /^r:([A-Za-z]{1,2})(?::([^:]{1,64}))?(?::([^:]{1,12}))?(?::([^:]{1,12}))?(?::([^:]{1,12}))?$/;

export type Keyboard = InlineKeyboardMarkup;
type Button = InlineKeyboardButton.CallbackButton;

/** A button, or null when its data would exceed Telegram's 64 bytes. */
export function button(text: string, data: string): Button | null {
  return Buffer.byteLength(data, 'utf8') <= 64 ? { text, callback_data: data } : null;
}
const rows = (...r: (Button | null)[][]): Keyboard => ({
  inline_keyboard: r.map((row) => row.filter((b): b is Button => b !== null)).filter((row) => row.length > 0),
});
const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export const hhmm = (iso: string) => iso.slice(11, 16);
export const compactDate = (date: string) => date.replace(/-/g, '');
export const isoDate = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
const offsetOf = (iso: string) => iso.slice(19);

export function dayLabel(lang: Language, date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** The local date in a time zone (the bot needs "today" for the office's day buttons). */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

export function officesView(lang: Language, offices: OfficeView[]): { text: string; keyboard: Keyboard } {
  if (!offices.length) return { text: t(lang, 'rooms.no_offices'), keyboard: rows() };
  return {
    text: t(lang, 'rooms.offices'),
    keyboard: rows(
      ...chunk(
        offices.map((o) => button(o.name, `r:o:${o.officeId}`)),
        2,
      ),
      [button(t(lang, 'button.rooms_mine'), 'r:M')],
    ),
  };
}

export const PEOPLE = [2, 4, 6, 10];

export function officeView(lang: Language, office: OfficeView, rooms: RoomView[]): { text: string; keyboard: Keyboard } {
  if (!rooms.length)
    return { text: t(lang, 'rooms.no_rooms', { office: html(office.name) }), keyboard: rows([button(t(lang, 'button.rooms_offices'), 'r:O')]) };
  return {
    text: t(lang, 'rooms.office', { office: html(office.name) }),
    keyboard: rows(
      ...chunk(
        rooms.map((r) => button(`${r.name} · ${r.capacity}`, `r:m:${r.roomId}`)),
        2,
      ),
      ...chunk(
        PEOPLE.map((n) => button(t(lang, 'rooms.any_room', { people: n }), `r:a:${office.officeId}:${n}`)),
        2,
      ),
      [button(t(lang, 'button.rooms_offices'), 'r:O')],
    ),
  };
}

export function roomView(lang: Language, day: RoomDayView): { text: string; keyboard: Keyboard } {
  const r = day.room;
  const s = day.nowStatus;
  const status =
    s?.state === 'busy' && s.until
      ? t(lang, 'rooms.status_busy_until', { time: hhmm(s.until) })
      : s?.until
        ? t(lang, 'rooms.status_free_until', { time: hhmm(s.until) })
        : t(lang, 'rooms.status_free');
  const equipment = r.equipment.length ? ` · ${r.equipment.map(html).join(', ')}` : '';
  const days = Array.from({ length: 14 }, (_, i) => addDays(day.today, i))
    .filter((d) => r.workingHours.days.includes(weekday(d)) && !day.daysOff.includes(d))
    .slice(0, 6);
  const now = day.bookNow
    .filter((o) => o.available)
    .map((o) => button(t(lang, 'button.rooms_book_now', { minutes: o.minutes }), `r:n:${r.roomId}:${o.minutes}`));
  return {
    text: t(lang, 'rooms.room', { room: html(r.name), floor: r.floor, capacity: r.capacity, equipment, status }),
    keyboard: rows(
      now,
      ...chunk(
        days.map((d) => button(dayLabel(lang, d), `r:d:${r.roomId}:${compactDate(d)}`)),
        3,
      ),
      [button(t(lang, 'button.rooms_back'), `r:o:${r.officeId}`)],
    ),
  };
}

/** Start slots of a day: every half hour of each free interval, one hour long (30 minutes where only that fits). */
export function slotsOf(day: RoomDayView, limit = 24): { start: string; minutes: number }[] {
  const out: { start: string; minutes: number }[] = [];
  for (const f of day.free) {
    const from = Date.parse(f.start);
    const to = Date.parse(f.end);
    const first = Math.ceil(from / 1_800_000) * 1_800_000;
    for (let s = first; s + 30 * 60_000 <= to && out.length < limit; s += 30 * 60_000) {
      const minutes = s + 60 * 60_000 <= to ? 60 : 30;
      if (minutes < day.room.policy.minDurationMinutes) continue;
      out.push({ start: localIso(s, offsetOf(f.start)), minutes });
    }
  }
  return out;
}

/** An instant written with a fixed offset `±HH:MM`. */
export function localIso(ms: number, offset: string): string {
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${offset === 'Z' ? '+00:00' : offset}`;
}

export function dayView(lang: Language, day: RoomDayView): { text: string; keyboard: Keyboard } {
  const r = day.room;
  const active = day.bookings.filter((b) => b.status === 'booked' || b.status === 'checked_in' || b.status === 'ended');
  const list = active.length
    ? active.map((b) => `• ${hhmm(b.start)}–${hhmm(b.end)} ${html(b.title ?? t(lang, 'rooms.busy_title'))}`).join('\n')
    : t(lang, 'rooms.day_empty');
  const slots = slotsOf(day);
  const text =
    t(lang, 'rooms.day', { room: html(r.name), date: dayLabel(lang, day.date), bookings: list }) +
    (slots.length ? '' : `\n${t(lang, day.daysOff.includes(day.date) ? 'rooms.day_off' : 'rooms.day_no_slots')}`);
  const buttons = slots.map((s) => {
    const endMs = Date.parse(s.start) + s.minutes * 60_000;
    return button(
      `${hhmm(s.start)}–${hhmm(localIso(endMs, offsetOf(s.start)))}`,
      `r:s:${r.roomId}:${compactDate(day.date)}:${hhmm(s.start).replace(':', '')}:${s.minutes}`,
    );
  });
  return { text, keyboard: rows(...chunk(buttons, 3), [button(t(lang, 'button.rooms_back'), `r:m:${r.roomId}`)]) };
}

export function anyDaysView(lang: Language, office: OfficeView, people: number, now: Date): { text: string; keyboard: Keyboard } {
  const today = todayIn(office.timeZone, now);
  const days = Array.from({ length: 10 }, (_, i) => addDays(today, i))
    .filter((d) => weekday(d) <= 5 && !office.daysOff.includes(d))
    .slice(0, 6);
  return {
    text: t(lang, 'rooms.any_day', { people, office: html(office.name) }),
    keyboard: rows(
      ...chunk(
        days.map((d) => button(dayLabel(lang, d), `r:ad:${office.officeId}:${people}:${compactDate(d)}`)),
        3,
      ),
      [button(t(lang, 'button.rooms_back'), `r:o:${office.officeId}`)],
    ),
  };
}

/** Hourly starts 08:00-19:00 of a day in the office's zone (past hours of today left out). */
export function anyStartsView(lang: Language, office: OfficeView, people: number, date: string, now: Date): { text: string; keyboard: Keyboard } {
  const nowHhmm = new Intl.DateTimeFormat('en-GB', { timeZone: office.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  const isToday = todayIn(office.timeZone, now) === date;
  const hours = Array.from({ length: 12 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`).filter((h) => !isToday || h > nowHhmm);
  return {
    text: t(lang, 'rooms.day_any', { people, date: dayLabel(lang, date) }) + (hours.length ? '' : `\n${t(lang, 'rooms.day_no_slots')}`),
    keyboard: rows(
      ...chunk(
        hours.map((h) => button(h, `r:as:${office.officeId}:${people}:${compactDate(date)}:${h.replace(':', '')}`)),
        4,
      ),
      [button(t(lang, 'button.rooms_back'), `r:a:${office.officeId}:${people}`)],
    ),
  };
}

export function bookedView(
  lang: Language,
  roomName: string,
  b: { date: string; start: string; end: string; position?: string },
  shortened = false,
): { text: string; keyboard: Keyboard } {
  return {
    text: t(lang, shortened ? 'rooms.booked_shortened' : 'rooms.booked', {
      room: html(roomName),
      date: dayLabel(lang, b.date),
      from: hhmm(b.start),
      to: hhmm(b.end),
    }),
    // "My bookings" carries the booking's log position, so the list waits until the read model shows it (read-your-writes).
    keyboard: rows([button(t(lang, 'button.rooms_mine'), b.position ? `r:M:${b.position}` : 'r:M'), button(t(lang, 'button.rooms_offices'), 'r:O')]),
  };
}

export function myBookingsView(lang: Language, bookings: BookingView[], now: Date): { text: string; keyboard: Keyboard } {
  if (!bookings.length) return { text: t(lang, 'rooms.mine_empty'), keyboard: rows([button(t(lang, 'button.rooms_offices'), 'r:O')]) };
  const shown = bookings.slice(0, 8);
  const lines = shown.map((b) =>
    t(lang, 'rooms.mine_line', {
      date: dayLabel(lang, b.date),
      from: hhmm(b.start),
      to: hhmm(b.end),
      room: html(b.roomName),
      title: html(b.title ?? t(lang, 'rooms.busy_title')),
      checked: b.status === 'checked_in' ? t(lang, 'rooms.checked_mark') : '',
    }),
  );
  const ms = now.getTime();
  const actions = shown.map((b) => {
    const from = hhmm(b.start);
    const started = ms >= Date.parse(b.start);
    const checkInOpen = b.status === 'booked' && ms >= Date.parse(b.checkInOpensAt);
    const row: (Button | null)[] = [];
    if (checkInOpen) row.push(button(t(lang, 'button.rooms_check_in'), `r:c:${b.bookingId}`));
    if (!started) row.push(button(t(lang, 'button.rooms_cancel', { from }), `r:x:${b.bookingId}`));
    else row.push(button(t(lang, 'button.rooms_end', { from }), `r:f:${b.bookingId}`));
    row.push(button(t(lang, 'button.rooms_extend', { from }), `r:e:${b.bookingId}`));
    return row;
  });
  return { text: [t(lang, 'rooms.mine'), '', ...lines].join('\n'), keyboard: rows(...actions, [button(t(lang, 'button.rooms_offices'), 'r:O')]) };
}

export const checkInButton = (lang: Language, bookingId: string): Keyboard => rows([button(t(lang, 'button.rooms_check_in'), `r:c:${bookingId}`)]);
export const seriesButtons = (lang: Language, seriesId: string): Keyboard =>
  rows([button(t(lang, 'button.rooms_keep_series'), `r:sk:${seriesId}`), button(t(lang, 'button.rooms_cancel_series'), `r:sx:${seriesId}`)]);

/**
 * The admins' view of the door displays: the ones that need attention (stale or low battery) first, marked red;
 * times in UTC (displays span offices in several zones).
 */
export function displaysView(lang: Language, list: DisplayListDto): string {
  const active = list.items.filter((d) => d.status === 'active');
  if (!active.length) return t(lang, 'rooms.displays_none');
  const attention = (d: DisplayListDto['items'][number]) => d.stale || d.lowBattery;
  const sorted = [...active].sort((a, b) => Number(attention(b)) - Number(attention(a)) || a.displayId.localeCompare(b.displayId));
  const utc = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)} UTC`;
  const lines = sorted.slice(0, 30).map((d) => {
    const tm = d.telemetry;
    const seen = !tm
      ? t(lang, 'rooms.display_never')
      : d.stale
        ? t(lang, 'rooms.display_stale', { time: utc(tm.lastSeenAt) })
        : t(lang, 'rooms.display_seen', { time: utc(tm.lastSeenAt) });
    const volts = tm?.batteryMv != null ? (tm.batteryMv / 1000).toFixed(2) : '?';
    return t(lang, 'rooms.display_line', {
      mark: attention(d) ? '🔴' : '🟢',
      room: html(d.roomName ?? d.roomId),
      id: html(d.displayId),
      seen,
      battery: t(lang, d.lowBattery ? 'rooms.display_battery_low' : 'rooms.display_battery', { volts }),
      signal: tm?.rssi != null ? `${tm.rssi} dBm` : '? dBm',
      fw: html(tm?.firmware ?? '?'),
    });
  });
  return [t(lang, 'rooms.displays', { count: active.length, attention: sorted.filter(attention).length }), '', ...lines].join('\n');
}
