import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RolesService } from '../../../core/roles.service';
import { DisplaysWriteModel } from '../displays.write-model';
import { RetireDisplayCommand } from './retire-display.command';

@CommandHandler(RetireDisplayCommand)
export class RetireDisplayHandler implements ICommandHandler<RetireDisplayCommand> {
  constructor(
    private readonly displays: DisplaysWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ displayId, reason, ctx }: RetireDisplayCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'retire room displays');
    const result = await this.displays.execute({ type: 'RetireDisplay', displayId, reason, actor: await this.roles.actor(ctx.actorId) }, ctx);
    return { ...result, displayId };
  }
}
