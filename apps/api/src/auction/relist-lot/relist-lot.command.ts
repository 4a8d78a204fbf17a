import { Command } from '@nestjs/cqrs';
import type { CommandResultDto, RelistLotDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

/** The seller or an admin lists an unsold lot again. */
export class RelistLotCommand extends Command<CommandResultDto> {
  constructor(
    readonly lotId: string,
    readonly body: RelistLotDto,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
