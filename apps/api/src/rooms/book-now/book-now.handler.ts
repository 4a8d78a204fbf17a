import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { bookNowOptions, DomainError, roomDayOf } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { RolesService } from '../../core/roles.service';
import { bookOnce } from '../book-room/book-room.handler';
import { derivedId, RoomsWriteModel } from '../rooms.write-model';
import { BookNowCommand } from './book-now.command';

export const DEFAULT_BOOK_NOW_TITLE = 'Meeting';

@CommandHandler(BookNowCommand)
export class BookNowHandler implements ICommandHandler<BookNowCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
    private readonly ds: DataSource,
  ) {}

  async execute({ roomId, minutes, title, ctx }: BookNowCommand) {
    const now = new Date();
    const room = await this.rooms.roomContext(roomId, now.getTime());
    const date = roomDayOf(room, now.getTime());
    const day = await this.rooms.dayState(roomId, date);
    const fingerprint = { bookNow: roomId, minutes, title };
    // A retry of a book-now that went through: the slot is ours now, so answer from the booking instead of re-planning.
    const [option] = bookNowOptions(room, day, now, [minutes]);
    if (!option.available || !option.start || !option.end) {
      const retried = await this.retried(roomId, date, ctx.actorId, ctx.commandId, fingerprint, room);
      if (retried) return retried;
      const e = option.error!;
      throw new DomainError(e.code, e.code === 'rooms.slot_taken' ? 'conflict' : 'unprocessable', e.message, e.details);
    }
    const result = await bookOnce(
      this.rooms,
      this.roles,
      this.ds,
      room,
      { title: title ?? DEFAULT_BOOK_NOW_TITLE, start: option.start, end: option.end, organizerId: ctx.actorId },
      ctx,
      fingerprint,
    );
    return { ...result, shortened: option.shortened };
  }

  private async retried(roomId: string, date: string, actorId: string, commandId: string, fingerprint: unknown, room: Parameters<typeof bookOnce>[3]) {
    const day = await this.rooms.decidedDay(roomId, date);
    const mine = day.bookings.find((b) => b.bookingId === derivedId('b', actorId, commandId, roomId, date));
    if (!mine) return null;
    return bookOnce(this.rooms, this.roles, this.ds, room, { title: mine.title, start: mine.start, end: mine.end, organizerId: actorId }, { actorId, commandId }, fingerprint).then((r) => ({
      ...r,
      shortened: false,
    }));
  }
}
