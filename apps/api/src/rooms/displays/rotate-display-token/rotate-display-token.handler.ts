import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DisplayTokenIssuedDto } from '@megabot/contracts';
import { RolesService } from '../../../core/roles.service';
import { newDisplayToken } from '../display-token';
import { DISPLAY_SCHEDULE_PATH } from '../display-schedule.service';
import { DisplaysWriteModel } from '../displays.write-model';
import { RotateDisplayTokenCommand } from './rotate-display-token.command';

@CommandHandler(RotateDisplayTokenCommand)
export class RotateDisplayTokenHandler implements ICommandHandler<RotateDisplayTokenCommand> {
  constructor(
    private readonly displays: DisplaysWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ displayId, ctx }: RotateDisplayTokenCommand): Promise<DisplayTokenIssuedDto> {
    await this.roles.requireAdmin(ctx.actorId, 'rotate display tokens');
    const token = newDisplayToken();
    const result = await this.displays.execute(
      { type: 'RotateDisplayToken', displayId, tokenHash: token.hash, tokenHint: token.hint, actor: await this.roles.actor(ctx.actorId) },
      ctx,
    );
    const { state } = await this.displays.current(displayId);
    return {
      ...result,
      displayId,
      roomId: state.status === 'none' ? '' : state.roomId,
      token: result.duplicate ? null : token.token,
      tokenHint: result.duplicate ? '' : token.hint,
      schedulePath: DISPLAY_SCHEDULE_PATH,
    };
  }
}
