/**
 * Events of the meeting-rooms feature. Four kinds of streams:
 *
 *   office-<officeId>              OfficeCreated, OfficeUpdated, OfficeArchived (admins)
 *   room-<roomId>                  RoomCreated, RoomUpdated, RoomRetired (admins)
 *   roomday-<roomId>-<YYYY-MM-DD>  every booking of one room on one local day of the room
 *   roomseries-<seriesId>          a recurring booking: its rule, attendance, flags
 *
 * Why a stream per room and local day: the decider of a room-day sees every
 * booking of that room on that day, so two bookings can never overlap - an
 * append is made with the revision the decision was made on, and a
 * concurrent booking of the same room-day fails with a revision conflict and
 * is decided again against the winner. Bookings never cross local midnight
 * (they must lie within the room's working hours of one day).
 *
 * Times: instants in booking events are written as ISO 8601 **with the
 * room's UTC offset at that instant** (`2025-03-14T10:00:00+03:00`): one
 * string gives both the instant (Date.parse) and the wall-clock time shown
 * on the door sign, and a replay never needs a time-zone database. An end
 * at local midnight is written as the next day's `T00:00:00`. Event
 * timestamps of the form `...At` (bookedAt, cancelledAt...) are UTC
 * (`toISOString()`), like in the auction.
 *
 * Privacy: titles of bookings are visible to their organizer and attendees
 * and to admins; read models must hide them from everyone else when the
 * booking or its room is private (RoomSettings.privacy, RoomBooked.private).
 * The door display never receives a hidden title (libs/displays).
 */

/** When a room can be booked, in the room's local time. */
export interface WorkingHours {
  /** ISO weekdays, ascending, unique: 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** Opening time `HH:MM` (local). */
  from: string;
  /** Closing time `HH:MM` (local), after `from`; `24:00` = midnight. */
  to: string;
}

/** Limits applied when booking a room (defaults in libs/domain/src/rooms/rooms.settings.ts). */
export interface BookingPolicy {
  /** Shortest booking. */
  minDurationMinutes: number;
  /** Longest booking (also after an extension). */
  maxDurationMinutes: number;
  /** A single booking may start at most this many local days after today (0 = today only). */
  maxDaysAhead: number;
  /** Occurrences of a recurring booking may lie at most this many days ahead. */
  maxSeriesDaysAhead: number;
  /**
   * Per organizer: at most this many bookings (booked, checked in or ended
   * early - not cancelled or released) on one local day, over all rooms.
   * Admins and series occurrences are exempt.
   */
  maxBookingsPerDay: number;
}

/** Everything an admin configures about a room; frozen into RoomCreated / RoomUpdated whole. */
export interface RoomSettings {
  roomId: string;
  officeId: string;
  name: string;
  /** 0 = ground floor; negative = basement. */
  floor: number;
  /** Seats, organizer included. */
  capacity: number;
  /** Free-form tags such as `display`, `video`, `whiteboard`, `phone` (lower case, unique). */
  equipment: string[];
  workingHours: WorkingHours;
  /** IANA zone name of the room (defaults to the office's); validated at the edge. */
  timeZone: string;
  /** Minimum gap between two bookings (cleaning, walking); 0 = back to back allowed. */
  bufferMinutes: number;
  /** Hide booking titles from everyone but organizer/attendees/admins (the door shows "Busy"). */
  privacy: boolean;
  /** A booking must be checked in within this many minutes of its start (when auto-release is on). */
  checkInWindowMinutes: number;
  /** Release a booking nobody checked in for within the check-in window. */
  autoRelease: boolean;
  policy: BookingPolicy;
}

/* -------------------------------------------------------------- office-<id> */

export interface OfficeCreated {
  type: 'OfficeCreated';
  data: { officeId: string; name: string; address: string; timeZone: string; createdBy: string; createdAt: string };
}
/** The office's fields after the change; `changed` names those that changed. Rooms keep their own time zone. */
export interface OfficeUpdated {
  type: 'OfficeUpdated';
  data: { officeId: string; name: string; address: string; timeZone: string; changed: string[]; updatedBy: string; updatedAt: string };
}
/** No new rooms in this office; its rooms stay as they are (retire them one by one). */
export interface OfficeArchived {
  type: 'OfficeArchived';
  data: { officeId: string; archivedBy: string; reason: string; archivedAt: string };
}
export type OfficeEvent = OfficeCreated | OfficeUpdated | OfficeArchived;

/* ---------------------------------------------------------------- room-<id> */

export interface RoomCreated {
  type: 'RoomCreated';
  data: { settings: RoomSettings; createdBy: string; createdAt: string };
}
/** The complete settings after the change; `changed` lists the top-level keys that changed. */
export interface RoomUpdated {
  type: 'RoomUpdated';
  data: { roomId: string; settings: RoomSettings; changed: string[]; updatedBy: string; updatedAt: string };
}
/** The room can no longer be booked; existing bookings are left to the admin (the bot offers to cancel them). */
export interface RoomRetired {
  type: 'RoomRetired';
  data: { roomId: string; retiredBy: string; reason: string; retiredAt: string };
}
export type RoomEvent = RoomCreated | RoomUpdated | RoomRetired;

/* ------------------------------------------------- roomday-<roomId>-<date> */

/** A new booking. `start`/`end` carry the room's UTC offset (see the header). */
export interface RoomBooked {
  type: 'RoomBooked';
  data: {
    roomId: string;
    /** Local date of the room-day, `YYYY-MM-DD`. */
    date: string;
    bookingId: string;
    title: string;
    organizerId: string;
    /** Other participants (employee ids), organizer not included. */
    attendees: string[];
    /** Title hidden from non-participants (like a private room). */
    private: boolean;
    start: string;
    end: string;
    /** Set when the booking is an occurrence of a recurring booking. */
    seriesId: string | null;
    /** Who made the booking (an admin or an assistant may book for the organizer). */
    bookedBy: string;
    bookedAt: string;
  };
}

/** New values of the fields that changed (only those are present). Times stay on the same room-day. */
export interface BookingChanged {
  type: 'BookingChanged';
  data: {
    roomId: string;
    date: string;
    bookingId: string;
    title?: string;
    attendees?: string[];
    private?: boolean;
    start?: string;
    end?: string;
    changedBy: string;
    changedAt: string;
  };
}

/** Cancelled before it started; the slot is free again. */
export interface BookingCancelled {
  type: 'BookingCancelled';
  data: { roomId: string; date: string; bookingId: string; cancelledBy: string; reason: string; cancelledAt: string };
}

/** The end moved later (the meeting overruns, or more time was booked in advance). */
export interface BookingExtended {
  type: 'BookingExtended';
  data: { roomId: string; date: string; bookingId: string; previousEnd: string; end: string; extendedBy: string; extendedAt: string };
}

/** A meeting in progress finished before its end: the room is free from `end` (a whole minute). */
export interface BookingEndedEarly {
  type: 'BookingEndedEarly';
  data: { roomId: string; date: string; bookingId: string; previousEnd: string; end: string; endedBy: string; endedAt: string };
}

/** Someone (organizer, attendee or admin) confirmed that the meeting takes place. */
export interface BookingCheckedIn {
  type: 'BookingCheckedIn';
  data: {
    roomId: string;
    date: string;
    bookingId: string;
    checkedInBy: string;
    /** `qr` = the door display's code, `bot` = a button in the chat, `admin` = on someone's behalf. */
    via: CheckInChannel;
    checkedInAt: string;
  };
}
export const CHECK_IN_CHANNELS = ['qr', 'bot', 'admin'] as const;
export type CheckInChannel = (typeof CHECK_IN_CHANNELS)[number];

/**
 * Nobody checked in within the check-in window: the booking is released and
 * the room is free from `releasedAt` (no buffer applies after a no-show).
 * Written by the release process manager at the deadline.
 */
export interface BookingReleased {
  type: 'BookingReleased';
  data: { roomId: string; date: string; bookingId: string; reason: 'no_show'; deadline: string; releasedAt: string };
}

export type RoomDayEvent = RoomBooked | BookingChanged | BookingCancelled | BookingExtended | BookingEndedEarly | BookingCheckedIn | BookingReleased;

/* ------------------------------------------------------ roomseries-<id> */

/** A daily or weekly recurrence with an end (a date or a number of occurrences). */
export interface RecurrenceRule {
  frequency: 'daily' | 'weekly';
  /** Every `interval` days (daily) or weeks (weekly); 1 = every. */
  interval: number;
  /**
   * ISO weekdays (1 = Monday) on which occurrences fall. Daily: the days
   * counted (default: the room's working days); weekly: the days of each
   * active week (default: the weekday of `startDate`). Always explicit once stored.
   */
  weekdays: number[];
  /** First possible date (local), `YYYY-MM-DD`. */
  startDate: string;
  /** Last possible date (inclusive); exactly one of `until` and `count` is set. */
  until: string | null;
  count: number | null;
  /** Local start and end of every occurrence, `HH:MM` (`24:00` allowed as end). */
  startTime: string;
  endTime: string;
}

/** One date the organizer agreed to leave out when creating the series, and why. */
export interface SkippedOccurrence {
  date: string;
  /** A rooms.* error code, e.g. `rooms.slot_taken`, `rooms.outside_working_hours`. */
  reason: string;
  conflictingBookingId: string | null;
}

/**
 * A recurring booking. `occurrences` are the dates to book (the rule's
 * dates minus `skipped`); a process manager books each on its room-day
 * stream with `seriesId` and booking id `<seriesId>-<date>`.
 */
export interface SeriesCreated {
  type: 'SeriesCreated';
  data: {
    seriesId: string;
    roomId: string;
    organizerId: string;
    title: string;
    attendees: string[];
    private: boolean;
    rule: RecurrenceRule;
    occurrences: string[];
    skipped: SkippedOccurrence[];
    /** Flag the series after this many unattended occurrences in a row. */
    unattendedLimit: number;
    createdBy: string;
    createdAt: string;
  };
}

/** Booking an occurrence failed after all (someone booked the slot between planning and booking). */
export interface SeriesOccurrenceFailed {
  type: 'SeriesOccurrenceFailed';
  data: { seriesId: string; date: string; reason: string; recordedAt: string };
}

/** An occurrence was checked in (fed from BookingCheckedIn by the series process manager). */
export interface SeriesOccurrenceAttended {
  type: 'SeriesOccurrenceAttended';
  data: { seriesId: string; date: string; bookingId: string; recordedAt: string };
}

/** An occurrence was released as a no-show (fed from BookingReleased). `missedInARow` counts this one. */
export interface SeriesOccurrenceMissed {
  type: 'SeriesOccurrenceMissed';
  data: { seriesId: string; date: string; bookingId: string; missedInARow: number; recordedAt: string };
}

/**
 * The last `missedInARow` occurrences (>= the series' unattendedLimit) went
 * unattended: the organizer should confirm the series or cancel it, and
 * admins may want to reclaim the room. Written once per streak, together
 * with the SeriesOccurrenceMissed that completed it.
 */
export interface SeriesFlaggedUnattended {
  type: 'SeriesFlaggedUnattended';
  data: { seriesId: string; roomId: string; organizerId: string; missedInARow: number; missedDates: string[]; flaggedAt: string };
}

/** The organizer confirmed a flagged series is still needed: the streak starts again from zero. */
export interface SeriesConfirmed {
  type: 'SeriesConfirmed';
  data: { seriesId: string; confirmedBy: string; confirmedAt: string };
}

/** No occurrences from `fromDate` on; the process manager cancels their bookings that have not started. */
export interface SeriesCancelled {
  type: 'SeriesCancelled';
  data: { seriesId: string; fromDate: string; cancelledBy: string; reason: string; cancelledAt: string };
}

export type SeriesEvent =
  SeriesCreated | SeriesOccurrenceFailed | SeriesOccurrenceAttended | SeriesOccurrenceMissed | SeriesFlaggedUnattended | SeriesConfirmed | SeriesCancelled;

export type RoomsEvent = OfficeEvent | RoomEvent | RoomDayEvent | SeriesEvent;
export type RoomsEventType = RoomsEvent['type'];

export const ROOMS_EVENT_TYPES: readonly RoomsEventType[] = [
  'OfficeCreated',
  'OfficeUpdated',
  'OfficeArchived',
  'RoomCreated',
  'RoomUpdated',
  'RoomRetired',
  'RoomBooked',
  'BookingChanged',
  'BookingCancelled',
  'BookingExtended',
  'BookingEndedEarly',
  'BookingCheckedIn',
  'BookingReleased',
  'SeriesCreated',
  'SeriesOccurrenceFailed',
  'SeriesOccurrenceAttended',
  'SeriesOccurrenceMissed',
  'SeriesFlaggedUnattended',
  'SeriesConfirmed',
  'SeriesCancelled',
];
/** Schema version to write into each event's metadata. */
export const ROOMS_SCHEMA_VERSIONS: Readonly<Record<RoomsEventType, number>> = Object.freeze(
  Object.fromEntries(ROOMS_EVENT_TYPES.map((t) => [t, 1])) as Record<RoomsEventType, number>,
);

/* ------------------------------------------------------------------ streams */

export const OFFICE_STREAM_PREFIX = 'office-';
export const ROOM_STREAM_PREFIX = 'room-';
export const ROOM_DAY_STREAM_PREFIX = 'roomday-';
export const ROOM_SERIES_STREAM_PREFIX = 'roomseries-';

export const officeStreamId = (officeId: string) => `${OFFICE_STREAM_PREFIX}${officeId}`;
export const roomStreamId = (roomId: string) => `${ROOM_STREAM_PREFIX}${roomId}`;
/** `date` is the room's local date `YYYY-MM-DD` (see libs/domain roomDayOf to find it for an instant). */
export const roomDayStreamId = (roomId: string, date: string) => `${ROOM_DAY_STREAM_PREFIX}${roomId}-${date}`;
export const roomSeriesStreamId = (seriesId: string) => `${ROOM_SERIES_STREAM_PREFIX}${seriesId}`;

/** Splits a room-day stream id (room ids never end in `-YYYY-MM-DD`, so the split is unambiguous). */
export function parseRoomDayStreamId(streamId: string): { roomId: string; date: string } | null {
  const m = /^roomday-(.+)-(\d{4}-\d{2}-\d{2})$/.exec(streamId);
  return m ? { roomId: m[1], date: m[2] } : null;
}

/**
 * Ids of offices, rooms, bookings and series: ASCII letters, digits, `_`
 * and `-`. Room ids are at most 32 characters so that the check-in deep link
 * `https://t.me/<bot>?start=checkin_<roomId>` stays within Telegram's 64-
 * character start parameter and the display's 96-byte `qr=` limit.
 */
export const ROOMS_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ROOM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
