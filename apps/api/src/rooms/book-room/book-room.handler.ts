import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parseInstant, roomDayOf, type RoomContext } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { RolesService } from '../../core/roles.service';
import { bookingResult } from '../rooms.bookings';
import { derivedId, RoomsWriteModel, type RoomsCommandContext } from '../rooms.write-model';
import { BookRoomCommand } from './book-room.command';

@CommandHandler(BookRoomCommand)
export class BookRoomHandler implements ICommandHandler<BookRoomCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
    private readonly ds: DataSource,
  ) {}

  async execute({ roomId, body, ctx }: BookRoomCommand) {
    const startMs = parseInstant('start', body.start);
    const room = await this.rooms.roomContext(roomId, startMs);
    return bookOnce(this.rooms, this.roles, this.ds, room, { ...body, organizerId: body.organizerId ?? ctx.actorId }, ctx, { roomId, body });
  }
}

/**
 * Books on the room-day of the start. The booking id is derived from the
 * actor, the idempotency key and the room-day, so a retried request lands
 * on the same booking (and is answered from it) instead of booking twice.
 */
export async function bookOnce(
  rooms: RoomsWriteModel,
  roles: RolesService,
  ds: DataSource,
  room: RoomContext,
  b: { title: string; start: string; end: string; organizerId: string; attendees?: string[]; private?: boolean },
  ctx: RoomsCommandContext,
  fingerprint: unknown,
) {
  const roomId = room.settings.roomId;
  const date = roomDayOf(room, parseInstant('start', b.start));
  const bookingId = derivedId('b', ctx.actorId, ctx.commandId, roomId, date);
  // The organizer's bookings of that day in other rooms (the per-person daily limit; this stream sees only this room).
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM rooms.bookings WHERE organizer_id = $1 AND date = $2 AND room_id <> $3 AND status NOT IN ('cancelled', 'released')`,
    [b.organizerId, date, roomId],
  );
  const outcome = await rooms.day(
    {
      type: 'BookRoom',
      room,
      date,
      actor: await roles.actor(ctx.actorId),
      bookingId,
      title: b.title,
      organizerId: b.organizerId,
      start: b.start,
      end: b.end,
      attendees: b.attendees,
      private: b.private,
      organizerBookingsElsewhere: n,
    },
    ctx,
    fingerprint,
  );
  return bookingResult(rooms, outcome, roomId, date, bookingId);
}
