import { DISPLAY_EVENT_TYPES, type RoomEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { DISPLAYS_PROJECTION, DISPLAYS_SCHEMA, DisplayRoomDayRow, DisplayRoomRow, DisplayRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../../projection';
import { evolveDisplayDay, evolveDisplayRoom, evolveDisplayRow } from './display-schedule.fold';

const DISPLAY_TYPES = new Set<string>(DISPLAY_EVENT_TYPES);
const ROOM_TYPES = new Set(['RoomCreated', 'RoomUpdated', 'RoomRetired']);
const ROOM_DAY_TYPES = new Set([
  'RoomBooked',
  'BookingChanged',
  'BookingCancelled',
  'BookingExtended',
  'BookingEndedEarly',
  'BookingCheckedIn',
  'BookingReleased',
]);
const HANDLED = new Set<string>([...DISPLAY_TYPES, ...ROOM_TYPES, ...ROOM_DAY_TYPES]);

const displayIdOf = (e: RecordedEvent) => (e.data as { displayId: string }).displayId;
const roomIdOf = (r: RecordedEvent) => {
  const e = { type: r.type, data: r.data } as RoomEvent;
  return e.type === 'RoomCreated' ? e.data.settings.roomId : e.data.roomId;
};
const dayOf = (e: RecordedEvent): [string, string] => {
  const d = e.data as { roomId: string; date: string };
  return [d.roomId, d.date];
};

/**
 * The data every door display needs, per display and per room (schema
 * `displays`): registered displays with their token hashes, the room
 * settings, and each room-day folded with the domain's evolveRoomDay. The
 * API builds the payload from these at request time (the status depends on
 * the minute), so `version` counts changes of what the sign shows: it stays
 * the same when only attendees, capacity or the booking policy change.
 *
 * A batch loads the rows it touches (one SELECT per table), folds the events
 * in memory with display-schedule.fold, and writes one upsert per table.
 */
export class DisplayScheduleProjection implements Projection {
  readonly name = DISPLAYS_PROJECTION;
  readonly schema = DISPLAYS_SCHEMA;

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const displayEvents = events.filter((e) => DISPLAY_TYPES.has(e.type));
    const roomEvents = events.filter((e) => ROOM_TYPES.has(e.type));
    const dayEvents = events.filter((e) => ROOM_DAY_TYPES.has(e.type));
    const displays = await tables.load(DisplayRow, displayEvents.map(displayIdOf));
    const rooms = await tables.load(DisplayRoomRow, roomEvents.map(roomIdOf));
    const days = await tables.load(DisplayRoomDayRow, dayEvents.map(dayOf));
    for (const e of displayEvents) displays.fold(displayIdOf(e), e, evolveDisplayRow);
    for (const e of roomEvents) rooms.fold(roomIdOf(e), e, evolveDisplayRoom);
    for (const e of dayEvents) days.fold(dayOf(e), e, evolveDisplayDay);
    await tables.upsert(DisplayRow, displays.changed(), { newerBy: 'revision' });
    await tables.upsert(DisplayRoomRow, rooms.changed(), { newerBy: 'revision' });
    await tables.upsert(DisplayRoomDayRow, days.changed(), { newerBy: 'revision' });
  }
}
