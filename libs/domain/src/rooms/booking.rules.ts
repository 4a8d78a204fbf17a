import { DomainError } from '../shared/domain-error';
import { findConflict, type RoomDayState } from './room-day.state';
import { RoomsErrors } from './rooms.errors';
import { workingWindow, type RoomContext } from './rooms.settings';
import { addDays, DAY_MINUTES, daysBetween, floorToMinute, formatLocalIso, MINUTE_MS, minuteOfDay, toLocal } from './zone';

/** ISO 8601 with an explicit zone (`Z` or `±HH:MM`): never read in the machine's own zone. */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of a booking time; it must be a valid instant on a whole minute. */
export function parseInstant(field: string, value: string): number {
  const ms = typeof value === 'string' && INSTANT_RE.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || ms % MINUTE_MS !== 0) throw RoomsErrors.invalidTime(field, String(value));
  return ms;
}

/** The room-day (local date) an instant belongs to - which stream a booking starting then goes to. */
export const roomDayOf = (room: Pick<RoomContext, 'zone'>, ms: number) => toLocal(room.zone, ms).date;

export interface SlotRequest {
  startMs: number;
  endMs: number;
  /** The booking being changed (it does not conflict with itself). */
  ignoreBookingId?: string;
  /** Series occurrences may lie further ahead (policy.maxSeriesDaysAhead). */
  horizon?: 'single' | 'series';
  /** An extension of a booking that may already have started: skip the "start in the past" rule. */
  startFixed?: boolean;
}

/** A slot that passed every rule, in the room's local time. */
export interface CheckedSlot {
  start: string;
  end: string;
  startMinute: number;
  endMinute: number;
  durationMinutes: number;
}

/**
 * Every rule a slot of a room-day must satisfy, in this order (the first
 * broken one is thrown):
 *   room not retired                              rooms.room_retired
 *   end after start                               rooms.invalid_time_range
 *   start not before the current minute           rooms.start_in_past
 *   min/max duration                              rooms.too_short / rooms.too_long
 *   starts on the stream's local date             rooms.wrong_day
 *   ends by local midnight                        rooms.crosses_midnight
 *   at most maxDaysAhead (series: maxSeriesDaysAhead) local days ahead   rooms.too_far_ahead
 *   within working hours of that weekday          rooms.outside_working_hours
 *   no overlap, bufferMinutes between bookings    rooms.slot_taken
 */
export function checkSlot(room: RoomContext, day: RoomDayState, date: string, slot: SlotRequest, now: Date): CheckedSlot {
  const { settings, zone } = room;
  if (room.retired) throw RoomsErrors.roomRetired(settings.roomId);
  const start = formatLocalIso(zone, slot.startMs);
  const end = formatLocalIso(zone, slot.endMs);
  if (slot.endMs <= slot.startMs) throw RoomsErrors.invalidTimeRange(start, end);
  if (!slot.startFixed && slot.startMs < floorToMinute(now.getTime())) throw RoomsErrors.startInPast(start);
  const durationMinutes = (slot.endMs - slot.startMs) / MINUTE_MS;
  const policy = settings.policy;
  if (durationMinutes < policy.minDurationMinutes) throw RoomsErrors.tooShort(durationMinutes, policy.minDurationMinutes);
  if (durationMinutes > policy.maxDurationMinutes) throw RoomsErrors.tooLong(durationMinutes, policy.maxDurationMinutes);
  const startDate = start.slice(0, 10);
  if (startDate !== date) throw RoomsErrors.wrongDay(startDate, date);
  const startMinute = minuteOfDay(start, date);
  const endMinute = minuteOfDay(end, date);
  if (endMinute > DAY_MINUTES) throw RoomsErrors.crossesMidnight(date);
  const maxAhead = slot.horizon === 'series' ? policy.maxSeriesDaysAhead : policy.maxDaysAhead;
  const today = toLocal(zone, now.getTime()).date;
  if (daysBetween(today, date) > maxAhead) throw RoomsErrors.tooFarAhead(date, maxAhead, addDays(today, maxAhead));
  const window = workingWindow(settings, date);
  if (!window || startMinute < window.from || endMinute > window.to) {
    const wh = settings.workingHours;
    throw RoomsErrors.outsideWorkingHours(wh.days, wh.from, wh.to, settings.timeZone);
  }
  const conflict = findConflict(day, slot.startMs, slot.endMs, settings.bufferMinutes, slot.ignoreBookingId);
  if (conflict) throw RoomsErrors.slotTaken(conflict.bookingId, conflict.start, conflict.end, settings.bufferMinutes);
  return { start, end, startMinute, endMinute, durationMinutes };
}

/** checkSlot as a value: the error instead of a throw (planners and searches report, they do not fail). */
export function trySlot(room: RoomContext, day: RoomDayState, date: string, slot: SlotRequest, now: Date): CheckedSlot | DomainError {
  try {
    return checkSlot(room, day, date, slot, now);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}
