import type { CommandResultDto } from '../shared/command-result';
import type { BookingPolicy, CheckInChannel, RecurrenceRule, WorkingHours } from './rooms.events';

/**
 * What the rooms API answers. Times of bookings are ISO 8601 with the
 * room's UTC offset (`2026-12-01T10:00:00+03:00`), as in the events: the
 * wall-clock time to show and the instant in one string.
 */

export interface OfficeView {
  officeId: string;
  name: string;
  address: string;
  timeZone: string;
  status: 'active' | 'archived';
  /** Bookable rooms (not retired). */
  roomCount: number;
  /** Holidays of the office's production calendar from today on (a month): its weekday rooms are closed then. */
  daysOff: string[];
}

export interface OfficeListView {
  items: OfficeView[];
}

export interface RoomView {
  roomId: string;
  officeId: string;
  name: string;
  floor: number;
  capacity: number;
  equipment: string[];
  timeZone: string;
  workingHours: WorkingHours;
  bufferMinutes: number;
  privacy: boolean;
  checkInWindowMinutes: number;
  autoRelease: boolean;
  policy: BookingPolicy;
  status: 'active' | 'retired';
}

export interface RoomListView {
  office: OfficeView;
  items: RoomView[];
}

export type BookingStatusView = 'booked' | 'checked_in' | 'ended' | 'cancelled' | 'released';

export interface BookingView {
  bookingId: string;
  roomId: string;
  roomName: string;
  officeId: string;
  /** Local date of the room-day. */
  date: string;
  /** `null` when hidden from this viewer (private booking or room); the door shows "Busy". */
  title: string | null;
  organizerId: string;
  attendees: string[];
  private: boolean;
  start: string;
  end: string;
  status: BookingStatusView;
  seriesId: string | null;
  checkedInBy: string | null;
  checkedInAt: string | null;
  checkedInVia: CheckInChannel | null;
  /** Check-in opens at (5 minutes before the start). */
  checkInOpensAt: string;
  /** When an unconfirmed booking is released (null: the room does not auto-release). */
  checkInDeadline: string | null;
}

export interface FreeIntervalView {
  start: string;
  end: string;
  minutes: number;
}

export interface BookNowOptionView {
  minutes: number;
  available: boolean;
  start: string | null;
  end: string | null;
  durationMinutes: number;
  shortened: boolean;
  /** Why not available: a `rooms.*` code and message. */
  reason: { code: string; message: string } | null;
}

export interface RoomDayView {
  room: RoomView;
  date: string;
  /** Today in the room's zone. */
  today: string;
  /** The room's current time with its offset. */
  now: string;
  /** Only on today: free, or busy until. */
  nowStatus: { state: 'free' | 'busy'; until: string | null } | null;
  bookings: BookingView[];
  free: FreeIntervalView[];
  /** Only on today. */
  bookNow: BookNowOptionView[];
  /** Dates from today on (a month) when the room is closed for a holiday of its office's production calendar: no slots are offered. */
  daysOff: string[];
}

export interface FreeRoomView {
  roomId: string;
  officeId: string;
  name: string;
  floor: number;
  capacity: number;
  equipment: string[];
  /** The asked slot in the room's local time. */
  start: string;
  end: string;
  /** The room stays free (and bookable) until then: the next booking minus buffer, or the closing time. */
  freeUntil: string;
}

export interface FreeRoomsView {
  rooms: FreeRoomView[];
  /** Rooms that matched the filters but not the slot, with the broken rule. */
  unavailable: { roomId: string; name: string; code: string; message: string }[];
}

export interface MyBookingsView {
  items: BookingView[];
}

/** An office's bookings from one local date to another, by start. */
export interface OfficeBookingsView {
  officeId: string;
  from: string;
  to: string;
  items: BookingView[];
}

/** Answer of a booking command (book, book now, change, extend...). */
export interface BookingResultDto extends CommandResultDto {
  bookingId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  status: BookingStatusView;
}

/** An occurrence of a series and why it cannot be booked. */
export interface SeriesConflictView {
  date: string;
  start: string;
  end: string;
  code: string;
  message: string;
  conflictingBookingId: string | null;
}

export interface SeriesPlanView {
  rule: RecurrenceRule;
  bookable: { date: string; start: string; end: string }[];
  conflicts: SeriesConflictView[];
}

/**
 * Answer of creating a series: every date of the rule is in exactly one of
 * `booked`, `conflicts` (known when planning: never booked, the organizer
 * sees why) and `failed` (someone was faster between plan and booking).
 */
export interface SeriesResultDto extends CommandResultDto {
  seriesId: string;
  roomId: string;
  rule: RecurrenceRule;
  booked: { date: string; bookingId: string; start: string; end: string }[];
  conflicts: SeriesConflictView[];
  failed: { date: string; code: string; message: string }[];
}

export interface SeriesView {
  seriesId: string;
  roomId: string;
  organizerId: string;
  title: string;
  rule: RecurrenceRule;
  occurrences: string[];
  skipped: { date: string; reason: string; conflictingBookingId: string | null }[];
  unattendedLimit: number;
  missedInARow: number;
  flagged: boolean;
  status: 'active' | 'cancelled';
  cancelledFrom: string | null;
}

/* ------------------------------------------------------- notifications outbox */

export const ROOMS_NOTIFICATION_KINDS = ['reminder', 'released', 'series_flagged'] as const;
export type RoomsNotificationKind = (typeof ROOMS_NOTIFICATION_KINDS)[number];
