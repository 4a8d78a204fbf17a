import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FloorRoomsView } from '@megabot/contracts';
import { bookNowOptions, holidayClosing, roomDayOf, roomNow, RoomsErrors } from '@megabot/domain';
import { WorkingDaysReader } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { WriteSides } from '../../core/write-side';
import { roomContext, roomDay } from '../../rooms/rooms.streams';
import { SeatingReadModel } from '../seating.read-model';

/** The Web App's one quick booking, as the bot's middle "book now" button. */
const BOOK_NOW_MINUTES = 30;

export class FloorRoomsQuery extends Query<FloorRoomsView> {
  constructor(
    readonly officeId: string,
    readonly floor: number,
    readonly waitFor: string | undefined,
  ) {
    super();
  }
}

/**
 * The rooms on a floor's plan, free or busy now and whether a quick booking from now is possible: from each room and
 * its day as the rooms feature decides them (their streams, read through the write side, which does not lag as the
 * read model may: a room booked or closed a moment ago shows so here), with its office's holidays.
 */
@QueryHandler(FloorRoomsQuery)
export class FloorRoomsHandler implements IQueryHandler<FloorRoomsQuery> {
  private readonly workingDays: WorkingDaysReader;

  constructor(
    ds: DataSource,
    private readonly seating: SeatingReadModel,
    private readonly writeSides: WriteSides,
  ) {
    this.workingDays = new WorkingDaysReader(ds);
  }

  async execute(ref: FloorRoomsQuery): Promise<FloorRoomsView> {
    await this.seating.reachRooms(ref.waitFor);
    const plan = await this.seating.plan(ref.officeId, ref.floor);
    const now = new Date();
    // one read of an office's calendar per request, shared by its rooms (they are looked at concurrently)
    const calendarOf = new Map<string, ReturnType<WorkingDaysReader['ofOffice']>>();
    const rooms = await Promise.all(
      plan.shapes.rooms.map(async (shape) => {
        const room = await roomContext(this.writeSides, shape.roomId, now.getTime()).catch(() => null); // a room not created (yet)
        if (!room || room.retired) return [];
        const settings = room.settings;
        const date = roomDayOf(room, now.getTime());
        const day = await roomDay(this.writeSides, settings.roomId, date);
        const current = roomNow(day, now);
        if (!calendarOf.has(settings.officeId)) calendarOf.set(settings.officeId, this.workingDays.ofOffice(settings.officeId));
        const calendarAt = await calendarOf.get(settings.officeId)!;
        const closing = holidayClosing(settings.workingHours, calendarAt(date), date);
        const [option] = closing ? [] : bookNowOptions(room, day, now, [BOOK_NOW_MINUTES]);
        const bookable = option?.available && option.start && option.end;
        return [
          {
            roomId: shape.roomId,
            name: settings.name,
            capacity: settings.capacity,
            shapeId: shape.shapeId,
            nodeId: shape.nodeId,
            freeNow: current.state === 'free',
            until: current.until,
            bookNow: bookable ? { minutes: BOOK_NOW_MINUTES, start: option.start!, end: option.end!, shortened: option.shortened } : null,
            notBookableNow: bookable ? null : closing ? RoomsErrors.holiday(date, closing.title).message : (option?.error?.message ?? null),
          },
        ];
      }),
    );
    return { officeId: ref.officeId, floor: ref.floor, at: now.toISOString(), rooms: rooms.flat() };
  }
}
