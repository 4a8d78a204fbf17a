import { Command } from '@nestjs/cqrs';
import type { DisplayTokenIssuedDto, RegisterDisplayDto } from '@megabot/contracts';
import type { DisplayCommandContext } from '../displays.write-model';

export class RegisterDisplayCommand extends Command<DisplayTokenIssuedDto> {
  constructor(
    readonly displayId: string,
    readonly body: RegisterDisplayDto,
    readonly ctx: DisplayCommandContext,
  ) {
    super();
  }
}
