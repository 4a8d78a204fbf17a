import { roomStreamId, type RoomDayEvent, type RoomEvent, type SeriesEvent } from '@megabot/contracts';
import {
  noonOf,
  roomContextOf,
  roomDayWriteSide,
  roomWriteSide,
  seriesWriteSide,
  type RoomCommand,
  type RoomContext,
  type RoomDayCommand,
  type RoomDayState,
  type RoomState,
  type SeriesCommand,
  type SeriesState,
} from '@megabot/domain';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import { zoneOffsetsFromIntl } from '@megabot/platform';

/**
 * The rooms' write side as the process managers use it: room-day and
 * series processors with the managers' clock (the time ReleaseBooking and
 * RecordAttendance are decided at), and the room context a room-day
 * command carries.
 */
export class RoomsWriter {
  readonly rooms: StreamCommandProcessor<RoomCommand, RoomEvent, RoomState>;
  readonly days: StreamCommandProcessor<RoomDayCommand, RoomDayEvent, RoomDayState>;
  readonly series: StreamCommandProcessor<SeriesCommand, SeriesEvent, SeriesState>;

  constructor(store: EventStore, clock: () => Date) {
    this.rooms = new StreamCommandProcessor(store, roomWriteSide, { clock });
    this.days = new StreamCommandProcessor(store, roomDayWriteSide, { clock });
    this.series = new StreamCommandProcessor(store, seriesWriteSide, { clock });
  }

  /** The room's context around a local date, from its stream as stored now (an admin may have changed it since this process looked). */
  async roomContext(roomId: string, date: string): Promise<RoomContext> {
    const { state } = await this.rooms.fresh(roomStreamId(roomId));
    return roomContextOf(roomId, state, zoneOffsetsFromIntl, noonOf(date));
  }

  day(command: RoomDayCommand, commandId: string, actorId: string) {
    return this.days.execute(command, { commandId, actorId });
  }

  seriesCommand(command: SeriesCommand, commandId: string, actorId: string) {
    return this.series.execute(command, { commandId, actorId });
  }
}
