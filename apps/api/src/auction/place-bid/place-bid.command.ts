import { Command } from '@nestjs/cqrs';
import type { PlaceBidResultDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** Submits the actor's maximum for a lot. */
export class PlaceBidCommand extends Command<PlaceBidResultDto> {
  constructor(
    readonly lotId: string,
    readonly amount: number,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
