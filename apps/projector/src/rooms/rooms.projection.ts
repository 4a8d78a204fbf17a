import { ROOMS_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { BookingRow, OfficeRow, RoomRow, RoomsNotificationRow, SeriesOutcomeRow, SeriesRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveBooking, evolveOffice, evolveRoom, evolveSeries, notificationsOf, seriesOutcomeOf } from './rooms.fold';

const HANDLED = new Set<string>(ROOMS_EVENT_TYPES);
const OFFICE_TYPES = new Set(['OfficeCreated', 'OfficeUpdated', 'OfficeArchived']);
const ROOM_TYPES = new Set(['RoomCreated', 'RoomUpdated', 'RoomRetired']);
const BOOKING_TYPES = new Set([
  'RoomBooked',
  'BookingChanged',
  'BookingCancelled',
  'BookingExtended',
  'BookingEndedEarly',
  'BookingCheckedIn',
  'BookingReleased',
]);
const SERIES_TYPES = new Set([
  'SeriesCreated',
  'SeriesOccurrenceFailed',
  'SeriesOccurrenceAttended',
  'SeriesOccurrenceMissed',
  'SeriesFlaggedUnattended',
  'SeriesConfirmed',
  'SeriesCancelled',
]);
/** Events whose notice names their room. */
const NAMES_ROOM = new Set(['BookingReleased', 'SeriesFlaggedUnattended']);

type Data = { officeId?: string; roomId?: string; settings?: { roomId: string }; bookingId?: string; seriesId?: string };
const data = (e: RecordedEvent) => e.data as Data;
const roomIdOf = (e: RecordedEvent) => data(e).settings?.roomId ?? data(e).roomId!;

/**
 * The meeting-rooms read model: offices, rooms, bookings, series and their
 * attendance, and the bot's notices in the rooms outbox (outside the rebuilt
 * schema, ids derived from the event, inserts ignoring conflicts: a rebuild
 * re-derives the same ids and sends nothing again).
 *
 * A batch loads the rows it touches (one SELECT per table), folds its events
 * in log order with rooms.fold - a notice reads its room as of its event -
 * and writes one statement per table.
 */
export class RoomsProjection implements Projection {
  readonly name = 'rooms';
  readonly schema = 'rooms';

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const of = (types: Set<string>) => events.filter((e) => types.has(e.type));
    const offices = await tables.load(
      OfficeRow,
      of(OFFICE_TYPES).map((e) => data(e).officeId!),
    );
    const rooms = await tables.load(RoomRow, [...of(ROOM_TYPES), ...of(NAMES_ROOM)].map(roomIdOf));
    const bookings = await tables.load(
      BookingRow,
      of(BOOKING_TYPES).map((e) => data(e).bookingId!),
    );
    const series = await tables.load(
      SeriesRow,
      of(SERIES_TYPES).map((e) => data(e).seriesId!),
    );
    const outcomes = new Map<string, SeriesOutcomeRow>();
    const notifications: RoomsNotificationRow[] = [];

    for (const event of events) {
      if (OFFICE_TYPES.has(event.type)) offices.fold(data(event).officeId!, event, evolveOffice);
      else if (ROOM_TYPES.has(event.type)) rooms.fold(roomIdOf(event), event, evolveRoom);
      else {
        const { before, after } = BOOKING_TYPES.has(event.type)
          ? bookings.fold(data(event).bookingId!, event, evolveBooking)
          : series.fold(data(event).seriesId!, event, evolveSeries);
        if (after === before) continue; // unknown booking or series, or applied before
        const outcome = seriesOutcomeOf(event);
        if (outcome) outcomes.set(`${outcome.series_id}\u0000${outcome.date}`, outcome);
        notifications.push(...notificationsOf(event, before, after, NAMES_ROOM.has(event.type) ? rooms.get(roomIdOf(event)) : undefined));
      }
    }

    await tables.upsert(OfficeRow, offices.changed(), { newerBy: 'revision' });
    await tables.upsert(RoomRow, rooms.changed(), { newerBy: 'revision' });
    await tables.upsert(BookingRow, bookings.changed(), { newerBy: 'stream_revision' });
    await tables.upsert(SeriesRow, series.changed(), { newerBy: 'revision' });
    // Guarded by the series revision above: only applied events record an outcome.
    await tables.upsert(SeriesOutcomeRow, [...outcomes.values()]);
    await tables.insertIgnore(RoomsNotificationRow, notifications);
  }
}
