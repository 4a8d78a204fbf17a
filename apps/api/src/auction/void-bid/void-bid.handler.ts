import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RolesService } from '../../core/roles.service';
import { AuctionWriteModel } from '../auction.write-model';
import { VoidBidCommand } from './void-bid.command';

@CommandHandler(VoidBidCommand)
export class VoidBidHandler implements ICommandHandler<VoidBidCommand> {
  constructor(
    private readonly auction: AuctionWriteModel,
    private readonly roles: RolesService,
  ) {}

  // The domain checks the admin role itself (the actor's roles go into the command).
  async execute({ lotId, bidNo, reason, ctx }: VoidBidCommand) {
    return this.auction.execute({ type: 'VoidBid', lotId, bidNo, reason, actor: await this.roles.actor(ctx.actorId) }, ctx);
  }
}
