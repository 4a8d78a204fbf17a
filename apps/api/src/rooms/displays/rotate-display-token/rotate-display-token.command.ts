import { Command } from '@nestjs/cqrs';
import type { DisplayTokenIssuedDto } from '@megabot/contracts';
import type { DisplayCommandContext } from '../displays.write-model';

export class RotateDisplayTokenCommand extends Command<DisplayTokenIssuedDto> {
  constructor(
    readonly displayId: string,
    readonly ctx: DisplayCommandContext,
  ) {
    super();
  }
}
