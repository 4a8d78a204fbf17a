import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BookingResultDto } from '@megabot/contracts';
import { parseInstant, roomDayOf, roomDayWriteSide, type BookRoom, type RoomContext } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { RoomsHolidays } from '../rooms.holidays';
import { derivedId } from '../rooms.params';
import { bookingResult, roomContext, type RoomDayRequest } from '../rooms.streams';

/** BookRoom before the handler adds the room's context, the room-day, the booking id and the organizer's bookings in other rooms. */
export type BookRoomRequest = Omit<RoomDayRequest<BookRoom>, 'bookingId' | 'organizerBookingsElsewhere'>;

export class BookRoomCommand extends Command<BookingResultDto> {
  constructor(
    readonly roomId: string,
    readonly command: BookRoomRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The id of the booking a request makes: the same request (a retry) lands on the same booking. */
export const requestedBookingId = (actorId: string, commandId: string, roomId: string, date: string) => derivedId('b', actorId, commandId, roomId, date);

@CommandHandler(BookRoomCommand)
export class BookRoomHandler implements ICommandHandler<BookRoomCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
    private readonly ds: DataSource,
    private readonly holidays: RoomsHolidays,
  ) {}

  async execute({ roomId, command, context }: BookRoomCommand) {
    const room = await roomContext(this.writeSides, roomId, parseInstant('start', command.start));
    return this.book(room, command, context);
  }

  /** Books on the room-day of the start (not on a holiday that closes the room); a retried request is answered from the booking it made. */
  async book(room: RoomContext, command: BookRoomRequest, context: CommandContext): Promise<BookingResultDto> {
    const roomId = room.settings.roomId;
    const date = roomDayOf(room, parseInstant('start', command.start));
    await this.holidays.assertOpen(room.settings, date);
    const bookingId = requestedBookingId(command.actor.employeeId, context.commandId, roomId, date);
    // The organizer's bookings of that day in other rooms (the per-person daily limit; this stream sees only this room).
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM rooms.bookings WHERE organizer_id = $1 AND date = $2 AND room_id <> $3 AND status NOT IN ('cancelled', 'released')`,
      [command.organizerId, date, roomId],
    );
    const executed = await this.commands.execute(
      new ExecuteCommand(roomDayWriteSide, { ...command, room, date, bookingId, organizerBookingsElsewhere: n }, context),
    );
    return bookingResult(this.writeSides, executed, roomId, date, bookingId);
  }
}
