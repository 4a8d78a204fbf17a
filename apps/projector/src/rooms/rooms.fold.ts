import { createHash } from 'node:crypto';
import type { RoomSettings, RoomsEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { BookingRow, OfficeRow, RoomRow, RoomsNotificationRow, SeriesOutcomeRow, SeriesRow } from '@megabot/read-model';

/*
 * The meeting-rooms read model as pure functions of the recorded events:
 * one evolve per table, the outcome row an attendance event records, and the
 * notices for the bot. Every row carries the revision of its stream that it
 * reflects: an event at or below it returns the row unchanged (the same
 * object), so a replayed batch changes nothing.
 */

const DAY_MS = 86_400_000;

const eventOf = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as RoomsEvent;
const applied = (revision: string, event: RecordedEvent) => BigInt(revision) >= event.revision;

/** A name-based UUID (version 5 layout) of what a notification is about: the same row however often it is derived. */
export function roomsNotificationId(key: string): string {
  const h = createHash('sha1').update(`rooms-notification:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function evolveOffice(row: OfficeRow | undefined, event: RecordedEvent): OfficeRow | undefined {
  const e = eventOf(event);
  const revision = event.revision.toString();
  if (e.type === 'OfficeCreated') {
    const d = e.data;
    return (
      row ?? {
        office_id: d.officeId,
        name: d.name,
        address: d.address,
        time_zone: d.timeZone,
        status: 'active',
        created_at: new Date(d.createdAt),
        updated_at: new Date(d.createdAt),
        revision,
      }
    );
  }
  if (!row || applied(row.revision, event)) return row;
  if (e.type === 'OfficeUpdated')
    return { ...row, name: e.data.name, address: e.data.address, time_zone: e.data.timeZone, updated_at: new Date(e.data.updatedAt), revision };
  if (e.type === 'OfficeArchived') return { ...row, status: 'archived', updated_at: new Date(e.data.archivedAt), revision };
  return row;
}

/** The room's settings whole, and the columns queries filter on. */
function settingsColumns(s: RoomSettings) {
  return {
    room_id: s.roomId,
    office_id: s.officeId,
    name: s.name,
    floor: s.floor,
    capacity: s.capacity,
    equipment: s.equipment,
    time_zone: s.timeZone,
    privacy: s.privacy,
    auto_release: s.autoRelease,
    check_in_window_minutes: s.checkInWindowMinutes,
    buffer_minutes: s.bufferMinutes,
    settings: s,
  } satisfies Partial<RoomRow>;
}

export function evolveRoom(row: RoomRow | undefined, event: RecordedEvent): RoomRow | undefined {
  const e = eventOf(event);
  const revision = event.revision.toString();
  if (e.type === 'RoomCreated') {
    const at = new Date(e.data.createdAt);
    return row ?? { ...settingsColumns(e.data.settings), status: 'active', created_at: at, updated_at: at, revision };
  }
  if (!row || applied(row.revision, event)) return row;
  if (e.type === 'RoomUpdated') return { ...row, ...settingsColumns(e.data.settings), updated_at: new Date(e.data.updatedAt), revision };
  if (e.type === 'RoomRetired') return { ...row, status: 'retired', updated_at: new Date(e.data.retiredAt), revision };
  return row;
}

export function evolveBooking(row: BookingRow | undefined, event: RecordedEvent): BookingRow | undefined {
  const e = eventOf(event);
  const stream_revision = event.revision.toString();
  if (e.type === 'RoomBooked') {
    const d = e.data;
    return (
      row ?? {
        booking_id: d.bookingId,
        room_id: d.roomId,
        date: d.date,
        title: d.title,
        organizer_id: d.organizerId,
        attendees: d.attendees,
        private: d.private,
        series_id: d.seriesId,
        start_local: d.start,
        end_local: d.end,
        start_at: new Date(d.start),
        end_at: new Date(d.end),
        status: 'booked',
        booked_by: d.bookedBy,
        booked_at: new Date(d.bookedAt),
        checked_in_by: null,
        checked_in_at: null,
        checked_in_via: null,
        cancelled_at: null,
        released_at: null,
        ended_early_at: null,
        stream_revision,
      }
    );
  }
  if (!row || applied(row.stream_revision, event)) return row;
  const next = { ...row, stream_revision };
  switch (e.type) {
    case 'BookingChanged': {
      const d = e.data; // only what changed is present
      const start = d.start ?? row.start_local;
      const end = d.end ?? row.end_local;
      return {
        ...next,
        title: d.title ?? row.title,
        attendees: d.attendees ?? row.attendees,
        private: d.private ?? row.private,
        start_local: start,
        end_local: end,
        start_at: d.start != null ? new Date(d.start) : row.start_at,
        end_at: d.end != null ? new Date(d.end) : row.end_at,
      };
    }
    case 'BookingCancelled':
      return { ...next, status: 'cancelled', cancelled_at: new Date(e.data.cancelledAt) };
    case 'BookingExtended':
      return { ...next, end_local: e.data.end, end_at: new Date(e.data.end) };
    case 'BookingEndedEarly':
      return { ...next, status: 'ended', end_local: e.data.end, end_at: new Date(e.data.end), ended_early_at: new Date(e.data.endedAt) };
    case 'BookingCheckedIn':
      return { ...next, status: 'checked_in', checked_in_by: e.data.checkedInBy, checked_in_at: new Date(e.data.checkedInAt), checked_in_via: e.data.via };
    case 'BookingReleased':
      return { ...next, status: 'released', released_at: new Date(e.data.releasedAt) };
    default:
      return row;
  }
}

export function evolveSeries(row: SeriesRow | undefined, event: RecordedEvent): SeriesRow | undefined {
  const e = eventOf(event);
  const revision = event.revision.toString();
  if (e.type === 'SeriesCreated') {
    const d = e.data;
    return (
      row ?? {
        series_id: d.seriesId,
        room_id: d.roomId,
        organizer_id: d.organizerId,
        title: d.title,
        rule: d.rule,
        occurrences: d.occurrences,
        skipped: d.skipped,
        unattended_limit: d.unattendedLimit,
        missed_in_a_row: 0,
        flagged: false,
        status: 'active',
        cancelled_from: null,
        created_at: new Date(d.createdAt),
        revision,
      }
    );
  }
  if (!row || applied(row.revision, event)) return row;
  const next = { ...row, revision };
  switch (e.type) {
    case 'SeriesOccurrenceFailed':
      return next;
    case 'SeriesOccurrenceAttended':
      return { ...next, missed_in_a_row: 0, flagged: false };
    case 'SeriesOccurrenceMissed':
      return { ...next, missed_in_a_row: e.data.missedInARow };
    case 'SeriesFlaggedUnattended':
      return { ...next, flagged: true };
    case 'SeriesConfirmed':
      return { ...next, flagged: false, missed_in_a_row: 0 };
    case 'SeriesCancelled':
      return { ...next, status: 'cancelled', cancelled_from: e.data.fromDate };
    default:
      return row;
  }
}

/** What became of an occurrence, recorded by an applied attendance event of its series. */
export function seriesOutcomeOf(event: RecordedEvent): SeriesOutcomeRow | undefined {
  const e = eventOf(event);
  const outcome =
    e.type === 'SeriesOccurrenceFailed'
      ? 'failed'
      : e.type === 'SeriesOccurrenceAttended'
        ? 'attended'
        : e.type === 'SeriesOccurrenceMissed'
          ? 'missed'
          : undefined;
  return outcome && { series_id: (e.data as { seriesId: string }).seriesId, date: (e.data as { date: string }).date, outcome };
}

/**
 * The notices an applied event makes for the bot: the organizer of a booking
 * released as a no-show, the organizer of a series flagged as unattended.
 * `before` and `after` are the event's booking or series; `room` its room
 * (for the name; its id when the room is unknown). Reminders are made by the
 * reminder manager, at their time rather than at an event.
 */
export function notificationsOf(
  event: RecordedEvent,
  before: BookingRow | SeriesRow | undefined,
  after: BookingRow | SeriesRow | undefined,
  room: RoomRow | undefined,
): RoomsNotificationRow[] {
  if (!after || after === before) return [];
  const e = eventOf(event);
  if (e.type === 'BookingReleased') {
    const b = after as BookingRow;
    return [
      {
        id: roomsNotificationId(`released:${event.id}`),
        recipient_id: b.organizer_id,
        kind: 'released',
        booking_id: b.booking_id,
        series_id: null,
        room_id: b.room_id,
        data: { title: b.title, roomName: room?.name ?? b.room_id, start: b.start_local, end: b.end_local },
        created_at: new Date(e.data.releasedAt),
        expires_at: new Date(b.end_local),
        delivered_at: null,
      },
    ];
  }
  if (e.type === 'SeriesFlaggedUnattended') {
    const d = e.data;
    const flaggedAt = new Date(d.flaggedAt);
    return [
      {
        id: roomsNotificationId(`series_flagged:${event.id}`),
        recipient_id: d.organizerId,
        kind: 'series_flagged',
        booking_id: null,
        series_id: d.seriesId,
        room_id: d.roomId,
        data: { title: (after as SeriesRow).title, roomName: room?.name ?? d.roomId, missedInARow: d.missedInARow, missedDates: d.missedDates },
        created_at: flaggedAt,
        expires_at: new Date(flaggedAt.getTime() + 7 * DAY_MS),
        delivered_at: null,
      },
    ];
  }
  return [];
}
