import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BookingResultDto } from '@megabot/contracts';
import {
  noonOf,
  roomDayWriteSide,
  RoomsErrors,
  type CancelBooking,
  type ChangeBooking,
  type CheckIn,
  type EndBookingEarly,
  type ExtendBooking,
} from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { ExecuteCommand, WriteSides } from '../core/write-side';
import { bookingResult, roomContext, type RoomDayRequest } from './rooms.streams';

/** A command on an existing booking: change, cancel, extend, end early, check in (their routes live in their own folders). */
export type OnBookingRequest = RoomDayRequest<ChangeBooking | CancelBooking | ExtendBooking | EndBookingEarly | (CheckIn & { bookingId: string })>;

export class OnBookingCommand extends Command<BookingResultDto> {
  constructor(
    readonly command: OnBookingRequest,
    readonly context: CommandContext,
    /** The position the booking was written at, when it was made a moment ago: its room-day is found through the read model. */
    readonly waitFor?: string,
  ) {
    super();
  }
}

/**
 * Finds the booking's room-day (its room and local date) through the read
 * model, adds the room's context, and decides the command on that stream.
 */
@CommandHandler(OnBookingCommand)
export class OnBookingHandler implements ICommandHandler<OnBookingCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  async execute({ command, context, waitFor }: OnBookingCommand) {
    await this.progress.waitFor('rooms', waitFor);
    const [found]: { room_id: string; date: string }[] = await this.ds.query(`SELECT room_id, date FROM rooms.bookings WHERE booking_id = $1`, [
      command.bookingId,
    ]);
    if (!found) throw RoomsErrors.bookingNotFound(command.bookingId);
    const { room_id: roomId, date } = found;
    const room = await roomContext(this.writeSides, roomId, noonOf(date));
    const executed = await this.commands.execute(new ExecuteCommand(roomDayWriteSide, { ...command, room, date }, context));
    return bookingResult(this.writeSides, executed, roomId, date, command.bookingId);
  }
}
