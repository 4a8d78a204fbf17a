import type { BookingStatusView, BookingView, CheckInChannel, OfficeView, RoomSettings, RoomView } from '@megabot/contracts';

/*
 * Reading the rooms read model (schema `rooms`, written by the projector):
 * the rows the queries select and the views they answer with.
 */

export type Row = Record<string, any>;

const MINUTE_MS = 60_000;

/** Offices with their number of bookable rooms. */
export const OFFICE_SELECT = `SELECT o.*, (SELECT count(*) FROM rooms.rooms r WHERE r.office_id = o.office_id AND r.status = 'active') AS room_count
  FROM rooms.offices o`;

export function officeView(r: Row, daysOff: string[]): OfficeView {
  return { officeId: r.office_id, name: r.name, address: r.address, timeZone: r.time_zone, status: r.status, roomCount: Number(r.room_count ?? 0), daysOff };
}

export function roomView(settings: RoomSettings, retired: boolean): RoomView {
  const { roomId, officeId, name, floor, capacity, equipment, timeZone, workingHours, bufferMinutes, privacy, checkInWindowMinutes, autoRelease, policy } =
    settings;
  return {
    roomId,
    officeId,
    name,
    floor,
    capacity,
    equipment,
    timeZone,
    workingHours,
    bufferMinutes,
    privacy,
    checkInWindowMinutes,
    autoRelease,
    policy,
    status: retired ? 'retired' : 'active',
  };
}

/** Titles are for participants and admins when the booking or its room is private. */
export const titleFor = (title: string, hidden: boolean, participant: boolean, admin: boolean) => (hidden && !participant && !admin ? null : title);

/** Booking rows joined with their room. */
export const BOOKING_SELECT = `SELECT b.*, r.name AS room_name, r.office_id, r.privacy AS room_privacy, r.auto_release, r.check_in_window_minutes
  FROM rooms.bookings b LEFT JOIN rooms.rooms r ON r.room_id = b.room_id`;

/** A booking row of BOOKING_SELECT as `viewerId` may see it. */
export function bookingFromRow(r: Row, viewerId: string | undefined, admin: boolean): BookingView {
  const participant = viewerId !== undefined && (r.organizer_id === viewerId || (r.attendees as string[]).includes(viewerId));
  const startMs = new Date(r.start_at).getTime();
  const endMs = new Date(r.end_at).getTime();
  return {
    bookingId: r.booking_id,
    roomId: r.room_id,
    roomName: r.room_name ?? r.room_id,
    officeId: r.office_id ?? '',
    date: r.date,
    title: titleFor(r.title, r.room_privacy === true || r.private, participant, admin),
    organizerId: r.organizer_id,
    attendees: r.attendees,
    private: r.private,
    start: r.start_local,
    end: r.end_local,
    status: r.status as BookingStatusView,
    seriesId: r.series_id,
    checkedInBy: r.checked_in_by,
    checkedInAt: iso(r.checked_in_at),
    checkedInVia: (r.checked_in_via as CheckInChannel | null) ?? null,
    checkInOpensAt: withOffsetOf(r.start_local, startMs - 5 * MINUTE_MS),
    checkInDeadline: r.auto_release ? withOffsetOf(r.start_local, Math.min(startMs + Number(r.check_in_window_minutes) * MINUTE_MS, endMs)) : null,
  };
}

/** `ms` written with the UTC offset of `localIso` (a booking's times share its room-day's offset). */
function withOffsetOf(localIso: string, ms: number): string {
  const offset = localIso.slice(-6);
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * MINUTE_MS).toISOString().slice(0, 19) + offset;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
