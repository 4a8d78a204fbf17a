import type { RoomDayEvent, RoomSettings } from '@megabot/contracts';
import { CHECK_IN_OPENS_BEFORE_MINUTES } from './rooms.settings';
import { floorToMinute, MINUTE_MS, minuteOfDay } from './zone';

/**
 * booked      - upcoming or in progress, nobody checked in yet
 * checked_in  - in progress (or about to start) and confirmed
 * ended       - finished early (its `end` was moved to the moment it ended)
 * cancelled   - cancelled before it started: occupies nothing
 * released    - nobody checked in in time: occupied the room only until the release
 */
export type BookingStatus = 'booked' | 'checked_in' | 'ended' | 'cancelled' | 'released';

export interface Booking {
  bookingId: string;
  title: string;
  organizerId: string;
  attendees: string[];
  private: boolean;
  seriesId: string | null;
  /** Local ISO with offset, as stored in the events. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** Minutes of the room-day (wall clock); endMinute 1440 = midnight. */
  startMinute: number;
  endMinute: number;
  status: BookingStatus;
  bookedBy: string;
  bookedAt: string;
  checkedInBy: string | null;
  checkedInAt: string | null;
  cancelledAt: string | null;
  releasedAt: string | null;
  endedEarlyAt: string | null;
  extensions: number;
}

/** Every booking of one room on one local day, in the order they were made. */
export interface RoomDayState {
  roomId: string | null;
  date: string | null;
  bookings: Booking[];
}

export const initialRoomDayState: RoomDayState = Object.freeze({ roomId: null, date: null, bookings: [] }) as unknown as RoomDayState;

function withTimes(b: Booking, start: string, end: string, date: string): Booking {
  return { ...b, start, end, startMs: Date.parse(start), endMs: Date.parse(end), startMinute: minuteOfDay(start, date), endMinute: minuteOfDay(end, date) };
}

function update(state: RoomDayState, bookingId: string, f: (b: Booking) => Booking): RoomDayState {
  return { ...state, bookings: state.bookings.map((b) => (b.bookingId === bookingId ? f(b) : b)) };
}

export function evolveRoomDay(state: RoomDayState, event: RoomDayEvent): RoomDayState {
  switch (event.type) {
    case 'RoomBooked': {
      const d = event.data;
      const booking = withTimes(
        {
          bookingId: d.bookingId,
          title: d.title,
          organizerId: d.organizerId,
          attendees: [...d.attendees],
          private: d.private,
          seriesId: d.seriesId,
          start: d.start,
          end: d.end,
          startMs: 0,
          endMs: 0,
          startMinute: 0,
          endMinute: 0,
          status: 'booked',
          bookedBy: d.bookedBy,
          bookedAt: d.bookedAt,
          checkedInBy: null,
          checkedInAt: null,
          cancelledAt: null,
          releasedAt: null,
          endedEarlyAt: null,
          extensions: 0,
        },
        d.start,
        d.end,
        d.date,
      );
      return { roomId: d.roomId, date: d.date, bookings: [...state.bookings, booking] };
    }
    case 'BookingChanged': {
      const d = event.data;
      return update(state, d.bookingId, (b) => {
        const next: Booking = {
          ...b,
          title: d.title ?? b.title,
          attendees: d.attendees ? [...d.attendees] : b.attendees,
          private: d.private ?? b.private,
        };
        return d.start !== undefined || d.end !== undefined ? withTimes(next, d.start ?? b.start, d.end ?? b.end, d.date) : next;
      });
    }
    case 'BookingCancelled':
      return update(state, event.data.bookingId, (b) => ({ ...b, status: 'cancelled', cancelledAt: event.data.cancelledAt }));
    case 'BookingExtended':
      return update(state, event.data.bookingId, (b) => ({ ...withTimes(b, b.start, event.data.end, event.data.date), extensions: b.extensions + 1 }));
    case 'BookingEndedEarly':
      return update(state, event.data.bookingId, (b) => ({
        ...withTimes(b, b.start, event.data.end, event.data.date),
        status: 'ended',
        endedEarlyAt: event.data.endedAt,
      }));
    case 'BookingCheckedIn':
      return update(state, event.data.bookingId, (b) => ({
        ...b,
        status: 'checked_in',
        checkedInBy: event.data.checkedInBy,
        checkedInAt: event.data.checkedInAt,
      }));
    case 'BookingReleased':
      return update(state, event.data.bookingId, (b) => ({ ...b, status: 'released', releasedAt: event.data.releasedAt }));
    default:
      return state;
  }
}

export const findBooking = (state: RoomDayState, bookingId: string) => state.bookings.find((b) => b.bookingId === bookingId) ?? null;

/** Booked or checked in: the booking still holds its slot. */
export const isActive = (b: Booking) => b.status === 'booked' || b.status === 'checked_in';

/** Counts against the organizer's daily limit: everything but cancelled and released bookings. */
export const countsTowardsLimit = (b: Booking) => b.status !== 'cancelled' && b.status !== 'released';

/**
 * The time a booking keeps the room from others: active and ended-early
 * bookings [start, end) with the room's buffer around them; a released one
 * [start, release minute) without a buffer (nobody used the room); a
 * cancelled one nothing.
 */
export function occupancy(b: Booking): { startMs: number; endMs: number; buffered: boolean } | null {
  if (b.status === 'cancelled') return null;
  if (b.status === 'released') {
    const endMs = Math.min(b.endMs, floorToMinute(Date.parse(b.releasedAt!)));
    return endMs > b.startMs ? { startMs: b.startMs, endMs, buffered: false } : null;
  }
  return { startMs: b.startMs, endMs: b.endMs, buffered: true };
}

/** The first booking whose occupancy (plus buffer) overlaps [startMs, endMs), ignoring `ignoreId`. */
export function findConflict(state: RoomDayState, startMs: number, endMs: number, bufferMinutes: number, ignoreId?: string): Booking | null {
  const buffer = bufferMinutes * MINUTE_MS;
  for (const b of state.bookings) {
    if (b.bookingId === ignoreId) continue;
    const o = occupancy(b);
    if (!o) continue;
    const gap = o.buffered ? buffer : 0;
    if (startMs < o.endMs + gap && o.startMs < endMs + gap) return b;
  }
  return null;
}

/** Bookings still on the schedule (active or ended early), sorted by start. */
export const scheduledBookings = (state: RoomDayState) =>
  state.bookings.filter((b) => isActive(b) || b.status === 'ended').sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);

export const checkInOpensAtMs = (b: Booking) => b.startMs - CHECK_IN_OPENS_BEFORE_MINUTES * MINUTE_MS;
/** The moment an unconfirmed booking can be released (start + check-in window, never after its end). */
export const checkInDeadlineMs = (b: Booking, settings: RoomSettings) => Math.min(b.startMs + settings.checkInWindowMinutes * MINUTE_MS, b.endMs);

/**
 * A check-in is due: the booking has started, nobody checked in, the room
 * releases unattended bookings and the deadline has not passed. This is
 * when the door display shows the check-in QR code.
 */
export const isCheckInDue = (b: Booking, settings: RoomSettings, nowMs: number) =>
  settings.autoRelease && b.status === 'booked' && b.startMs <= nowMs && nowMs < checkInDeadlineMs(b, settings);

export const isParticipant = (b: Booking, employeeId: string) => b.organizerId === employeeId || b.attendees.includes(employeeId);
