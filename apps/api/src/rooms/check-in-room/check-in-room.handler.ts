import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BookingResultDto } from '@megabot/contracts';
import { roomDayOf, RoomsErrors, roomDayWriteSide, type CheckIn } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { bookingResult, roomContext, type RoomDayRequest } from '../rooms.streams';

/** CheckIn without a booking id (the door's QR code names only the room): the booking whose check-in is open now, on today's room-day. */
export class CheckInRoomCommand extends Command<BookingResultDto> {
  constructor(
    readonly roomId: string,
    readonly command: RoomDayRequest<CheckIn>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CheckInRoomCommand)
export class CheckInRoomHandler implements ICommandHandler<CheckInRoomCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ roomId, command, context }: CheckInRoomCommand) {
    const now = Date.now();
    const room = await roomContext(this.writeSides, roomId, now);
    const date = roomDayOf(room, now);
    const executed = await this.commands.execute(new ExecuteCommand(roomDayWriteSide, { ...command, room, date }, context));
    // The booking it checked in is the one its event names (a retry gets the event of the first time).
    const checkedIn = executed.events.find((e) => e.type === 'BookingCheckedIn');
    if (checkedIn?.type !== 'BookingCheckedIn') throw RoomsErrors.nothingToCheckIn(roomId);
    return bookingResult(this.writeSides, executed, roomId, date, checkedIn.data.bookingId);
  }
}
