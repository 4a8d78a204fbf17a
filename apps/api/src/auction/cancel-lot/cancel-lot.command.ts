import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** An admin cancels a lot (reason required); its seller may withdraw it while nobody bids. */
export class CancelLotCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly reason: string | undefined,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
