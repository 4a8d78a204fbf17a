import { Command } from '@nestjs/cqrs';
import type { CommandResultDto, OpenLotDto } from '@megabot/contracts';
import type { CommandContext } from '../auction.write-model';

export class OpenLotCommand extends Command<CommandResultDto & { lotId: string }> {
  constructor(
    readonly lotId: string,
    readonly body: OpenLotDto,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}
