import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** Ends the lot at once at its buy-now price, sold to the actor. */
export class BuyNowCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
