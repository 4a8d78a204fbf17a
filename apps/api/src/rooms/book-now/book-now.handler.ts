import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor, BookingResultDto } from '@megabot/contracts';
import { bookNowOptions, DomainError, roomDayOf } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { WriteSides } from '../../core/write-side';
import { BookRoomHandler, requestedBookingId } from '../book-room/book-room.handler';
import { roomContext, roomDay } from '../rooms.streams';

const DEFAULT_BOOK_NOW_TITLE = 'Meeting';

/** A quick booking of a free room from now for 15/30/60 minutes (shortened to the next meeting or the closing time): planned here, booked as BookRoom. */
export class BookNowCommand extends Command<BookingResultDto & { shortened: boolean }> {
  constructor(
    readonly roomId: string,
    readonly minutes: number,
    readonly title: string | undefined,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(BookNowCommand)
export class BookNowHandler implements ICommandHandler<BookNowCommand> {
  constructor(
    private readonly writeSides: WriteSides,
    private readonly booking: BookRoomHandler,
  ) {}

  async execute({ roomId, minutes, title, actor, context }: BookNowCommand) {
    const now = new Date();
    const room = await roomContext(this.writeSides, roomId, now.getTime());
    const date = roomDayOf(room, now.getTime());
    const day = await roomDay(this.writeSides, roomId, date);
    const book = (slot: { title: string; start: string; end: string }) =>
      this.booking.book(room, { type: 'BookRoom', ...slot, organizerId: actor.employeeId, actor }, context);
    const [option] = bookNowOptions(room, day, now, [minutes]);
    if (option.available && option.start && option.end) {
      return { ...(await book({ title: title ?? DEFAULT_BOOK_NOW_TITLE, start: option.start, end: option.end })), shortened: option.shortened };
    }
    // Its start follows the clock, so a retry of a book-now that went through finds the slot taken by its own booking: answer from that one.
    const mine = day.bookings.find((b) => b.bookingId === requestedBookingId(actor.employeeId, context.commandId, roomId, date));
    if (mine) return { ...(await book({ title: mine.title, start: mine.start, end: mine.end })), shortened: false };
    const e = option.error!;
    throw new DomainError(e.code, e.code === 'rooms.slot_taken' ? 'conflict' : 'unprocessable', e.message, e.details);
  }
}
