import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { CommandContext } from './auction.write-model';

export class PlaceBidCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly amount: number,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
