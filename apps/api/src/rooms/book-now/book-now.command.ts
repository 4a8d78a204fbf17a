import { Command } from '@nestjs/cqrs';
import type { BookingResultDto } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

/** A quick booking of a free room from now for 15/30/60 minutes (shortened to the next meeting or the closing time). */
export class BookNowCommand extends Command<BookingResultDto & { shortened: boolean }> {
  constructor(
    readonly roomId: string,
    readonly minutes: number,
    readonly title: string | undefined,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}
