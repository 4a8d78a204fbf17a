import {
  ROOMS_SCHEMA_VERSIONS,
  roomDayStreamId,
  roomSeriesStreamId,
  roomStreamId,
  type RoomDayEvent,
  type RoomEvent,
  type RoomsEventType,
  type SeriesEvent,
} from '@megabot/contracts';
import {
  fold,
  RoomsErrors,
  roomDayWriteSide,
  roomDecider,
  seriesWriteSide,
  type RoomContext,
  type RoomDayCommand,
  type RoomDayState,
  type SeriesCommand,
  type SeriesState,
} from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/displays';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';

const DAY_MS = 86_400_000;

/**
 * The rooms' write side as the process managers use it: room-day and
 * series processors with the managers' clock (the time ReleaseBooking and
 * RecordAttendance are decided at), and the room context a room-day
 * command carries, folded fresh from the room's stream.
 */
export class RoomsWriter {
  readonly days: StreamCommandProcessor<RoomDayCommand, RoomDayEvent, RoomDayState>;
  readonly series: StreamCommandProcessor<SeriesCommand, SeriesEvent, SeriesState>;

  constructor(
    private readonly store: EventStore,
    clock: () => Date,
  ) {
    this.days = new StreamCommandProcessor(store, roomDayWriteSide, { clock });
    this.series = new StreamCommandProcessor(store, seriesWriteSide, { clock });
  }

  /** Settings, retired flag and zone offsets around a local date (±2 days). */
  async roomContext(roomId: string, date: string): Promise<RoomContext> {
    const events = await this.store.readStream(roomStreamId(roomId));
    const state = fold(roomDecider, events.map((e) => ({ type: e.type, data: e.data }) as RoomEvent));
    if (state.status === 'none') throw RoomsErrors.roomNotFound(roomId);
    const noon = Date.parse(`${date}T12:00:00Z`);
    return { settings: state.settings, retired: state.status === 'retired', zone: zoneOffsetsFromIntl(state.settings.timeZone, noon - 2 * DAY_MS, noon + 2 * DAY_MS) };
  }

  day(command: RoomDayCommand, commandId: string, actorId: string) {
    return this.days.execute(command, { commandId, actorId });
  }

  seriesCommand(command: SeriesCommand, commandId: string, actorId: string) {
    return this.series.execute(command, { commandId, actorId });
  }
}
