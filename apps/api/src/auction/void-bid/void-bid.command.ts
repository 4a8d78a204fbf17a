import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** An admin voids a bid, with a reason. */
export class VoidBidCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly bidNo: number,
    readonly reason: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
