import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** The actor takes one of their own bids back (within the lot's retraction policy). */
export class RetractBidCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly bidNo: number,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
