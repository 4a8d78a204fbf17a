import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RolesService } from '../../core/roles.service';
import { AuctionWriteModel } from '../auction.write-model';
import { CancelLotCommand } from './cancel-lot.command';

@CommandHandler(CancelLotCommand)
export class CancelLotHandler implements ICommandHandler<CancelLotCommand> {
  constructor(
    private readonly auction: AuctionWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ lotId, reason, ctx }: CancelLotCommand) {
    return this.auction.execute({ type: 'CancelLot', lotId, reason, actor: await this.roles.actor(ctx.actorId) }, ctx);
  }
}
