import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DisplayTokenIssuedDto } from '@megabot/contracts';
import { RolesService } from '../../../core/roles.service';
import { newDisplayToken } from '../display-token';
import { DISPLAY_SCHEDULE_PATH } from '../display-schedule.service';
import { DisplaysWriteModel } from '../displays.write-model';
import { RegisterDisplayCommand } from './register-display.command';

@CommandHandler(RegisterDisplayCommand)
export class RegisterDisplayHandler implements ICommandHandler<RegisterDisplayCommand> {
  constructor(
    private readonly displays: DisplaysWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ displayId, body, ctx }: RegisterDisplayCommand): Promise<DisplayTokenIssuedDto> {
    await this.roles.requireAdmin(ctx.actorId, 'register room displays');
    const token = newDisplayToken();
    const result = await this.displays.execute(
      {
        type: 'RegisterDisplay',
        displayId,
        room: await this.displays.room(body.roomId),
        label: body.label,
        lang: body.lang,
        tokenHash: token.hash,
        tokenHint: token.hint,
        actor: await this.roles.actor(ctx.actorId),
      },
      ctx,
    );
    // A retried request wrote nothing: its token was never stored, so it is not shown (rotate for a new one).
    return { ...result, displayId, roomId: body.roomId, token: result.duplicate ? null : token.token, tokenHint: result.duplicate ? '' : token.hint, schedulePath: DISPLAY_SCHEDULE_PATH };
  }
}
