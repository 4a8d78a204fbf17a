import type { FreeIntervalView, FreeRoomView } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { trySlot, roomDayOf } from './booking.rules';
import { isActive, occupancy, scheduledBookings, type Booking, type RoomDayState } from './room-day.state';
import { workingWindow, type RoomContext } from './rooms.settings';
import { DAY_MINUTES, floorToMinute, formatLocalIso, fromLocal, MINUTE_MS, toLocal } from './zone';

/** The "book now" buttons. */
export const BOOK_NOW_DURATIONS: readonly number[] = Object.freeze([15, 30, 60]);
/** A book-now booking ends on a multiple of this many minutes (room time), at most this minus one minute longer than asked. */
export const BOOK_NOW_SNAP_MINUTES = 5;

export interface SlotError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
const asSlotError = (e: DomainError): SlotError => ({ code: e.code, message: e.message, details: e.details });

export interface BookNowOption {
  /** The duration asked for. */
  minutes: number;
  available: boolean;
  /** ISO with the room's offset; null when not available. */
  start: string | null;
  end: string | null;
  /** The real length: longer than asked by up to 4 minutes (snapping), or shorter when `shortened`. */
  durationMinutes: number;
  /** The next booking (plus buffer), the closing time or policy.maxDurationMinutes comes first. */
  shortened: boolean;
  /** Why it is not available (the rule checkSlot reports). */
  error: SlotError | null;
}

/** Local room-day bounds in ms of the day of `ms`: working window if any. */
function windowMs(room: RoomContext, date: string): { fromMs: number; toMs: number } | null {
  const w = workingWindow(room.settings, date);
  return w ? { fromMs: fromLocal(room.zone, date, w.from), toMs: fromLocal(room.zone, date, w.to) } : null;
}

/**
 * The latest end a booking starting at `startMs` can have in this room-day:
 * the first occupancy after it (minus the buffer), the closing time, and
 * the maximum duration. Occupancies overlapping the start are not looked at
 * (checkSlot reports them).
 */
function latestEndMs(room: RoomContext, day: RoomDayState, date: string, startMs: number, ignoreId?: string): number {
  const buffer = room.settings.bufferMinutes * MINUTE_MS;
  let limit = startMs + room.settings.policy.maxDurationMinutes * MINUTE_MS;
  const w = windowMs(room, date);
  if (w) limit = Math.min(limit, w.toMs);
  for (const b of day.bookings) {
    if (b.bookingId === ignoreId) continue;
    const o = occupancy(b);
    if (!o || o.startMs < startMs) continue;
    limit = Math.min(limit, o.startMs - (o.buffered ? buffer : 0));
  }
  return limit;
}

/**
 * "Book now" options: each starts at the current minute and ends on the
 * next BOOK_NOW_SNAP_MINUTES mark at or after now + duration (10:03 + 15 ->
 * 10:20), shortened to the next booking (minus buffer) or the closing time
 * when those come first - as long as the shortened booking still meets
 * policy.minDurationMinutes. Every option is checked with checkSlot, so a
 * BookRoom with its start/end succeeds unless someone books first.
 */
export function bookNowOptions(room: RoomContext, day: RoomDayState, now: Date, durations: readonly number[] = BOOK_NOW_DURATIONS): BookNowOption[] {
  const startMs = floorToMinute(now.getTime());
  const local = toLocal(room.zone, startMs);
  const date = local.date;
  if (day.date !== null && day.date !== date) throw new Error(`bookNowOptions: the room-day ${day.date} is not today (${date}) in ${room.zone.zone}`);
  const latest = latestEndMs(room, day, date, startMs);
  return durations.map((minutes) => {
    const snapped = Math.ceil((local.minute + minutes) / BOOK_NOW_SNAP_MINUTES) * BOOK_NOW_SNAP_MINUTES;
    const wanted = startMs + (Math.min(snapped, DAY_MINUTES) - local.minute) * MINUTE_MS;
    const endMs = Math.min(wanted, latest);
    const result = trySlot(room, day, date, { startMs, endMs: Math.max(endMs, startMs + MINUTE_MS) }, now);
    if (result instanceof DomainError) {
      // The full-length booking's reason is the telling one (the next meeting, the closing time), not "too short".
      const full = trySlot(room, day, date, { startMs, endMs: wanted }, now);
      const error = asSlotError(full instanceof DomainError ? full : result);
      return { minutes, available: false, start: null, end: null, durationMinutes: 0, shortened: false, error };
    }
    return { minutes, available: true, start: result.start, end: result.end, durationMinutes: result.durationMinutes, shortened: endMs < wanted, error: null };
  });
}

export type FreeInterval = FreeIntervalView;

/**
 * Free intervals of a room-day within working hours, from the current
 * minute on (for today), each at least policy.minDurationMinutes long, with
 * the buffer kept clear around bookings.
 */
export function freeIntervals(room: RoomContext, day: RoomDayState, date: string, now: Date): FreeInterval[] {
  if (room.retired) return [];
  const w = windowMs(room, date);
  if (!w) return [];
  const buffer = room.settings.bufferMinutes * MINUTE_MS;
  const busy = day.bookings
    .map(occupancy)
    .filter((o): o is NonNullable<typeof o> => o !== null)
    .map((o) => ({ from: o.startMs - (o.buffered ? buffer : 0), to: o.endMs + (o.buffered ? buffer : 0) }))
    .sort((a, b) => a.from - b.from);
  const out: FreeInterval[] = [];
  let cursor = Math.max(w.fromMs, floorToMinute(now.getTime()));
  const push = (from: number, to: number) => {
    const minutes = (to - from) / MINUTE_MS;
    if (minutes >= room.settings.policy.minDurationMinutes) out.push({ start: formatLocalIso(room.zone, from), end: formatLocalIso(room.zone, to), minutes });
  };
  for (const b of busy) {
    if (b.to <= cursor) continue;
    if (b.from > cursor) push(cursor, Math.min(b.from, w.toMs));
    cursor = Math.max(cursor, b.to);
    if (cursor >= w.toMs) break;
  }
  if (cursor < w.toMs) push(cursor, w.toMs);
  return out;
}

export interface RoomCandidate {
  room: RoomContext;
  /** The room-day of the wanted start in this room's zone (initial state if nothing is booked). */
  day: RoomDayState;
}

export interface FreeRoomQuery {
  start: string;
  end: string;
  /** People, organizer included. */
  capacity?: number;
  /** All of these tags are required. */
  equipment?: string[];
  officeId?: string;
  /** Preferred floor: nearer floors first. */
  floor?: number;
}

/** A free room for the asked slot (the contract's view is the domain's answer). */
export type FreeRoom = FreeRoomView;

export interface FreeRoomSearch {
  rooms: FreeRoom[];
  /** Rooms that matched the filters but not the slot, with the rule that failed (slot taken, outside hours...). */
  unavailable: { roomId: string; error: SlotError }[];
}

/**
 * Rooms bookable for [start, end) under every booking rule, the best fit
 * first: smallest capacity that fits, then nearest to the preferred floor,
 * then name. Filters (office, capacity, equipment, retired) drop rooms
 * silently; rooms that pass them but cannot take the slot are listed in
 * `unavailable` with the reason.
 */
export function findFreeRooms(candidates: readonly RoomCandidate[], query: FreeRoomQuery, now: Date): FreeRoomSearch {
  const startMs = Date.parse(query.start);
  const endMs = Date.parse(query.end);
  const need = query.equipment?.map((e) => e.trim().toLowerCase()) ?? [];
  const rooms: FreeRoom[] = [];
  const unavailable: FreeRoomSearch['unavailable'] = [];
  for (const { room, day } of candidates) {
    const s = room.settings;
    if (room.retired) continue;
    if (query.officeId && s.officeId !== query.officeId) continue;
    if (query.capacity !== undefined && s.capacity < query.capacity) continue;
    if (!need.every((e) => s.equipment.includes(e))) continue;
    const date = roomDayOf(room, startMs);
    if (day.date !== null && day.date !== date) throw new Error(`findFreeRooms: room ${s.roomId} was given the room-day ${day.date}, the slot is on ${date}`);
    const result = trySlot(room, day, date, { startMs, endMs }, now);
    if (result instanceof DomainError) {
      unavailable.push({ roomId: s.roomId, error: asSlotError(result) });
      continue;
    }
    rooms.push({
      roomId: s.roomId,
      officeId: s.officeId,
      name: s.name,
      floor: s.floor,
      capacity: s.capacity,
      equipment: s.equipment,
      start: result.start,
      end: result.end,
      freeUntil: formatLocalIso(room.zone, Math.max(endMs, freeUntilCap(room, date, startMs, day))),
    });
  }
  const floorDistance = (f: number) => (query.floor === undefined ? 0 : Math.abs(f - query.floor));
  rooms.sort(
    (a, b) => a.capacity - b.capacity || floorDistance(a.floor) - floorDistance(b.floor) || a.name.localeCompare(b.name) || a.roomId.localeCompare(b.roomId),
  );
  return { rooms, unavailable };
}

/** "Free until" ignores the maximum duration: the next occupancy or closing time. */
function freeUntilCap(room: RoomContext, date: string, startMs: number, day: RoomDayState): number {
  const buffer = room.settings.bufferMinutes * MINUTE_MS;
  let limit = windowMs(room, date)?.toMs ?? startMs;
  for (const b of day.bookings) {
    const o = occupancy(b);
    if (!o || o.startMs < startMs) continue;
    limit = Math.min(limit, o.startMs - (o.buffered ? buffer : 0));
  }
  return limit;
}

export interface RoomNow {
  state: 'free' | 'busy';
  /** Busy: end of the current meeting and the ones back to back with it; free: start of the next meeting (null: none today). */
  until: string | null;
  current: Booking | null;
  next: Booking | null;
}

/** What the room is doing now (for the bot; the door display computes the same in its own minute terms). */
export function roomNow(day: RoomDayState, now: Date): RoomNow {
  const t = now.getTime();
  const list = scheduledBookings(day).filter((b) => isActive(b) && b.endMs > t);
  const current = list.find((b) => b.startMs <= t) ?? null;
  if (current) {
    let until = current.endMs;
    let last = current;
    for (const b of list) {
      if (b.startMs <= until && b.endMs > until) {
        until = b.endMs;
        last = b;
      }
    }
    const next = list.find((b) => b.startMs > t) ?? null;
    return { state: 'busy', until: last.end, current, next };
  }
  const next = list.find((b) => b.startMs > t) ?? null;
  return { state: 'free', until: next?.start ?? null, current: null, next };
}
