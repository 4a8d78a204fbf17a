import { Command } from '@nestjs/cqrs';
import type { BookingResultDto, BookRoomDto } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

/** Books a room for [start, end) on the room-day of `start`. */
export class BookRoomCommand extends Command<BookingResultDto> {
  constructor(
    readonly roomId: string,
    readonly body: BookRoomDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}
