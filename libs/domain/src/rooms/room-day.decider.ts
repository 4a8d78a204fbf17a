import type { BookingChanged, CheckInChannel, RoomDayEvent, Actor } from '@megabot/contracts';
import { ROOMS_ID_PATTERN, isAdmin } from '@megabot/contracts';
import { ROOMS_SCHEMA_VERSIONS, roomDayStreamId } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { checkSlot, parseInstant } from './booking.rules';
import {
  checkInDeadlineMs,
  checkInOpensAtMs,
  countsTowardsLimit,
  evolveRoomDay,
  findBooking,
  initialRoomDayState,
  isActive,
  isParticipant,
  type Booking,
  type RoomDayState,
} from './room-day.state';
import { RoomsErrors } from './rooms.errors';
import { MAX_TITLE_LENGTH, type RoomContext } from './rooms.settings';
import { floorToMinute, formatLocalIso, MINUTE_MS } from './zone';

/**
 * Commands of one room-day stream (`roomday-<roomId>-<date>`). Each carries
 * the room's context (settings, retired flag, zone offsets - see
 * RoomContext) and the local `date` of the stream; the handler picks the
 * stream with `roomDayOf(room, start)` for a new booking and from the
 * booking read model for the others.
 */
interface OnRoomDay {
  room: RoomContext;
  date: string;
  actor: Actor;
}

/**
 * Books the room. `start`/`end` are ISO instants on whole minutes (any
 * offset; stored in the room's). The organizer must be the actor unless the
 * actor is an admin. `attendees` excludes the organizer (it is removed if
 * present).
 *
 * Per-organizer daily limit (policy.maxBookingsPerDay): this stream only
 * sees this room, so the command carries `organizerBookingsElsewhere` - the
 * organizer's bookings on the same local date in other rooms, counted from
 * the booking read model by the handler (cancelled and released ones not
 * counted). The read model lags a little, so two bookings made in
 * different rooms at the same instant may exceed the limit by one; it is a
 * fairness limit, not a physical one (overlaps, which are physical, are
 * decided on one stream and cannot happen). Admins and series occurrences
 * are exempt.
 */
export interface BookRoom extends OnRoomDay {
  type: 'BookRoom';
  bookingId: string;
  title: string;
  organizerId: string;
  start: string;
  end: string;
  attendees?: string[];
  private?: boolean;
  /** An occurrence of a recurring booking (booked by the series process manager). */
  seriesId?: string;
  organizerBookingsElsewhere?: number;
}
/**
 * Changes title, attendees, privacy and/or times (only before the start,
 * and only within the same room-day: moving to another day or room is a
 * new booking plus a cancellation, done by the API). Fields left out (or
 * equal to the current value) stay; if nothing differs, no event.
 */
export interface ChangeBooking extends OnRoomDay {
  type: 'ChangeBooking';
  bookingId: string;
  title?: string;
  attendees?: string[];
  private?: boolean;
  start?: string;
  end?: string;
}
/** Cancels a booking that has not started (organizer or admin). In progress: EndBookingEarly. */
export interface CancelBooking extends OnRoomDay {
  type: 'CancelBooking';
  bookingId: string;
  reason?: string;
}
/** Moves the end later by `minutes` (participants or admin), before the booking is over. */
export interface ExtendBooking extends OnRoomDay {
  type: 'ExtendBooking';
  bookingId: string;
  minutes: number;
}
/** Ends a meeting in progress now (participants or admin): the room is free from the current minute. */
export interface EndBookingEarly extends OnRoomDay {
  type: 'EndBookingEarly';
  bookingId: string;
}
/**
 * Confirms the meeting takes place (organizer, attendee or admin). Without
 * `bookingId` (the door's QR code names only the room) it checks in the
 * booking whose check-in window is open now. The window opens 5 minutes
 * before the start and closes at start + checkInWindowMinutes when the room
 * auto-releases, else at the end.
 */
export interface CheckIn extends OnRoomDay {
  type: 'CheckIn';
  bookingId?: string;
  via: CheckInChannel;
}
/**
 * Releases a booking nobody checked in for, at or after its check-in
 * deadline (the release process manager sends it at the deadline). A
 * booking that was checked in, cancelled, ended or released meanwhile is
 * left alone: no event, no error (the deadline job may race a check-in).
 */
export interface ReleaseBooking extends Omit<OnRoomDay, 'actor'> {
  type: 'ReleaseBooking';
  bookingId: string;
  actor?: Actor;
}
export type RoomDayCommand = BookRoom | ChangeBooking | CancelBooking | ExtendBooking | EndBookingEarly | CheckIn | ReleaseBooking;

/* -------------------------------------------------------------------- decide */

export function decideRoomDay(state: RoomDayState, command: RoomDayCommand, now: Date): RoomDayEvent[] {
  const roomId = command.room.settings.roomId;
  if (state.roomId !== null && state.roomId !== roomId) throw RoomsErrors.wrongRoom(state.roomId, roomId);
  if (state.date !== null && state.date !== command.date) throw RoomsErrors.wrongDay(command.date, state.date);
  switch (command.type) {
    case 'BookRoom':
      return bookRoom(state, command, now);
    case 'ChangeBooking':
      return changeBooking(state, command, now);
    case 'CancelBooking':
      return cancelBooking(state, command, now);
    case 'ExtendBooking':
      return extendBooking(state, command, now);
    case 'EndBookingEarly':
      return endBookingEarly(state, command, now);
    case 'CheckIn':
      return checkIn(state, command, now);
    case 'ReleaseBooking':
      return releaseBooking(state, command, now);
  }
}

function checkTitle(title: string): string {
  const t = typeof title === 'string' ? title.trim() : '';
  if (t.length === 0 || t.length > MAX_TITLE_LENGTH) throw RoomsErrors.invalidTitle(MAX_TITLE_LENGTH);
  return t;
}

function checkAttendees(c: RoomContext, organizerId: string, attendees: string[]): string[] {
  const list = [...new Set(attendees.map((a) => String(a).trim()).filter((a) => a.length > 0 && a !== organizerId))];
  if (list.length + 1 > c.settings.capacity) throw RoomsErrors.overCapacity(list.length + 1, c.settings.capacity);
  return list;
}

function requireBooking(state: RoomDayState, bookingId: string): Booking {
  const b = findBooking(state, bookingId);
  if (!b) throw RoomsErrors.bookingNotFound(bookingId);
  return b;
}

function requireActive(b: Booking): void {
  if (!isActive(b)) throw RoomsErrors.bookingNotActive(b.bookingId, b.status);
}

function requireOrganizer(b: Booking, actor: Actor, action: string): void {
  if (actor.employeeId !== b.organizerId && !isAdmin(actor)) throw RoomsErrors.notOrganizer(action);
}

function requireParticipant(b: Booking, actor: Actor): void {
  if (!isParticipant(b, actor.employeeId) && !isAdmin(actor)) throw RoomsErrors.notParticipant();
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function bookRoom(state: RoomDayState, c: BookRoom, now: Date): RoomDayEvent[] {
  if (!ROOMS_ID_PATTERN.test(c.bookingId ?? '')) throw RoomsErrors.invalidId('bookingId', c.bookingId);
  if (findBooking(state, c.bookingId)) throw RoomsErrors.bookingExists(c.bookingId);
  const title = checkTitle(c.title);
  if (c.organizerId !== c.actor.employeeId && !isAdmin(c.actor)) throw RoomsErrors.notOrganizer('book for someone else');
  const attendees = checkAttendees(c.room, c.organizerId, c.attendees ?? []);
  const startMs = parseInstant('start', c.start);
  const endMs = parseInstant('end', c.end);
  const slot = checkSlot(c.room, state, c.date, { startMs, endMs, horizon: c.seriesId ? 'series' : 'single' }, now);
  if (!c.seriesId && !isAdmin(c.actor)) {
    const limit = c.room.settings.policy.maxBookingsPerDay;
    const here = state.bookings.filter((b) => b.organizerId === c.organizerId && countsTowardsLimit(b)).length;
    if (here + Math.max(0, c.organizerBookingsElsewhere ?? 0) >= limit) throw RoomsErrors.dailyLimitReached(c.organizerId, c.date, limit);
  }
  return [
    {
      type: 'RoomBooked',
      data: {
        roomId: c.room.settings.roomId,
        date: c.date,
        bookingId: c.bookingId,
        title,
        organizerId: c.organizerId,
        attendees,
        private: c.private ?? false,
        start: slot.start,
        end: slot.end,
        seriesId: c.seriesId ?? null,
        bookedBy: c.actor.employeeId,
        bookedAt: now.toISOString(),
      },
    },
  ];
}

function changeBooking(state: RoomDayState, c: ChangeBooking, now: Date): RoomDayEvent[] {
  const b = requireBooking(state, c.bookingId);
  requireActive(b);
  requireOrganizer(b, c.actor, 'change this booking');
  if (c.title === undefined && c.attendees === undefined && c.private === undefined && c.start === undefined && c.end === undefined) {
    throw RoomsErrors.nothingChanged();
  }
  if (now.getTime() >= b.endMs) throw RoomsErrors.bookingOver(b.bookingId, b.end);
  const data: BookingChanged['data'] = {
    roomId: state.roomId!,
    date: c.date,
    bookingId: b.bookingId,
    changedBy: c.actor.employeeId,
    changedAt: now.toISOString(),
  };
  if (c.title !== undefined) {
    const title = checkTitle(c.title);
    if (title !== b.title) data.title = title;
  }
  if (c.attendees !== undefined) {
    const attendees = checkAttendees(c.room, b.organizerId, c.attendees);
    if (!sameList(attendees, b.attendees)) data.attendees = attendees;
  }
  if (c.private !== undefined && c.private !== b.private) data.private = c.private;
  const startMs = c.start !== undefined ? parseInstant('start', c.start) : b.startMs;
  const endMs = c.end !== undefined ? parseInstant('end', c.end) : b.endMs;
  if (startMs !== b.startMs || endMs !== b.endMs) {
    if (now.getTime() >= b.startMs) throw RoomsErrors.bookingStarted(b.bookingId, 'change its times (extend or end it early instead)');
    const slot = checkSlot(c.room, state, c.date, { startMs, endMs, ignoreBookingId: b.bookingId, horizon: b.seriesId ? 'series' : 'single' }, now);
    if (slot.start !== b.start) data.start = slot.start;
    if (slot.end !== b.end) data.end = slot.end;
  }
  const changed = ['title', 'attendees', 'private', 'start', 'end'].some((k) => k in data);
  return changed ? [{ type: 'BookingChanged', data }] : [];
}

function cancelBooking(state: RoomDayState, c: CancelBooking, now: Date): RoomDayEvent[] {
  const b = requireBooking(state, c.bookingId);
  requireActive(b);
  requireOrganizer(b, c.actor, 'cancel this booking');
  if (now.getTime() >= b.startMs) throw RoomsErrors.bookingStarted(b.bookingId, 'cancel it (end it early instead)');
  return [
    {
      type: 'BookingCancelled',
      data: {
        roomId: state.roomId!,
        date: c.date,
        bookingId: b.bookingId,
        cancelledBy: c.actor.employeeId,
        reason: (c.reason ?? '').trim(),
        cancelledAt: now.toISOString(),
      },
    },
  ];
}

function extendBooking(state: RoomDayState, c: ExtendBooking, now: Date): RoomDayEvent[] {
  const b = requireBooking(state, c.bookingId);
  requireActive(b);
  requireParticipant(b, c.actor);
  if (!Number.isInteger(c.minutes) || c.minutes < 1 || c.minutes > 24 * 60) throw RoomsErrors.invalidExtension(c.minutes);
  if (now.getTime() >= b.endMs) throw RoomsErrors.bookingOver(b.bookingId, b.end);
  const slot = checkSlot(
    c.room,
    state,
    c.date,
    { startMs: b.startMs, endMs: b.endMs + c.minutes * MINUTE_MS, ignoreBookingId: b.bookingId, startFixed: true, horizon: b.seriesId ? 'series' : 'single' },
    now,
  );
  return [
    {
      type: 'BookingExtended',
      data: {
        roomId: state.roomId!,
        date: c.date,
        bookingId: b.bookingId,
        previousEnd: b.end,
        end: slot.end,
        extendedBy: c.actor.employeeId,
        extendedAt: now.toISOString(),
      },
    },
  ];
}

function endBookingEarly(state: RoomDayState, c: EndBookingEarly, now: Date): RoomDayEvent[] {
  const b = requireBooking(state, c.bookingId);
  requireActive(b);
  requireParticipant(b, c.actor);
  const t = now.getTime();
  if (t < b.startMs) throw RoomsErrors.bookingNotStarted(b.bookingId, b.start);
  if (t >= b.endMs) throw RoomsErrors.bookingOver(b.bookingId, b.end);
  // Free from the current minute (never before one minute after the start, so the booking keeps a length).
  const endMs = Math.max(floorToMinute(t), b.startMs + MINUTE_MS);
  if (endMs >= b.endMs) throw RoomsErrors.bookingOver(b.bookingId, b.end);
  return [
    {
      type: 'BookingEndedEarly',
      data: {
        roomId: state.roomId!,
        date: c.date,
        bookingId: b.bookingId,
        previousEnd: b.end,
        end: formatLocalIso(c.room.zone, endMs),
        endedBy: c.actor.employeeId,
        endedAt: now.toISOString(),
      },
    },
  ];
}

/** When the check-in of a booking closes: the deadline when the room auto-releases, else its end. */
const checkInClosesAtMs = (b: Booking, c: RoomContext) => (c.settings.autoRelease ? checkInDeadlineMs(b, c.settings) : b.endMs);

function checkIn(state: RoomDayState, c: CheckIn, now: Date): RoomDayEvent[] {
  const t = now.getTime();
  let b: Booking;
  if (c.bookingId !== undefined) {
    b = requireBooking(state, c.bookingId);
  } else {
    const open = state.bookings
      .filter((x) => (x.status === 'booked' || x.status === 'checked_in') && checkInOpensAtMs(x) <= t && t < checkInClosesAtMs(x, c.room))
      .sort((x, y) => x.startMs - y.startMs);
    const waiting = open.find((x) => x.status === 'booked');
    if (!waiting && open.length === 0) throw RoomsErrors.nothingToCheckIn(state.roomId ?? c.room.settings.roomId);
    b = waiting ?? open[0];
  }
  if (c.via === 'admin' && !isAdmin(c.actor)) throw RoomsErrors.adminRequired('check in on behalf of others');
  requireParticipant(b, c.actor);
  if (b.status === 'checked_in') throw RoomsErrors.alreadyCheckedIn(b.bookingId, b.checkedInBy!, b.checkedInAt!);
  requireActive(b);
  if (t < checkInOpensAtMs(b)) throw RoomsErrors.checkInNotOpen(b.bookingId, formatLocalIso(c.room.zone, checkInOpensAtMs(b)));
  const closes = checkInClosesAtMs(b, c.room);
  if (t >= closes) {
    if (closes < b.endMs) throw RoomsErrors.checkInClosed(b.bookingId, formatLocalIso(c.room.zone, closes));
    throw RoomsErrors.bookingOver(b.bookingId, b.end);
  }
  return [
    {
      type: 'BookingCheckedIn',
      data: { roomId: state.roomId!, date: c.date, bookingId: b.bookingId, checkedInBy: c.actor.employeeId, via: c.via, checkedInAt: now.toISOString() },
    },
  ];
}

function releaseBooking(state: RoomDayState, c: ReleaseBooking, now: Date): RoomDayEvent[] {
  const b = requireBooking(state, c.bookingId);
  if (b.status !== 'booked') return [];
  if (!c.room.settings.autoRelease) throw RoomsErrors.autoReleaseOff(c.room.settings.roomId);
  const deadline = checkInDeadlineMs(b, c.room.settings);
  if (now.getTime() < deadline) throw RoomsErrors.releaseNotDue(b.bookingId, formatLocalIso(c.room.zone, deadline));
  return [
    {
      type: 'BookingReleased',
      data: {
        roomId: state.roomId!,
        date: c.date,
        bookingId: b.bookingId,
        reason: 'no_show',
        deadline: formatLocalIso(c.room.zone, deadline),
        releasedAt: now.toISOString(),
      },
    },
  ];
}

export const roomDayDecider: Decider<RoomDayCommand, RoomDayEvent, RoomDayState> = {
  initialState: initialRoomDayState,
  evolve: evolveRoomDay,
  decide: decideRoomDay,
};

export const roomDayWriteSide: WriteSideDefinition<RoomDayCommand, RoomDayEvent, RoomDayState> = {
  name: 'rooms.day',
  decider: roomDayDecider,
  streamOf: (command) => roomDayStreamId(command.room.settings.roomId, command.date),
  schemaVersionOf: versionsFrom(ROOMS_SCHEMA_VERSIONS),
};
