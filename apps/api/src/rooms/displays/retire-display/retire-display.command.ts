import { Command } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import type { DisplayCommandContext } from '../displays.write-model';

export class RetireDisplayCommand extends Command<CommandResultDto & { displayId: string }> {
  constructor(
    readonly displayId: string,
    readonly reason: string | undefined,
    readonly ctx: DisplayCommandContext,
  ) {
    super();
  }
}
