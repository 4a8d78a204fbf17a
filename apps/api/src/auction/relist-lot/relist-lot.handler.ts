import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RolesService } from '../../core/roles.service';
import { AuctionWriteModel } from '../auction.write-model';
import { RelistLotCommand } from './relist-lot.command';

@CommandHandler(RelistLotCommand)
export class RelistLotHandler implements ICommandHandler<RelistLotCommand> {
  constructor(
    private readonly auction: AuctionWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ lotId, body, ctx }: RelistLotCommand) {
    return this.auction.execute(
      {
        type: 'RelistLot',
        lotId,
        actor: await this.roles.actor(ctx.actorId),
        closesAt: body.closesAt,
        startingPrice: body.startingPrice,
        // absent = keep, null = remove (the DTO keeps the difference)
        reservePrice: body.reservePrice,
        buyNowPrice: body.buyNowPrice,
      },
      ctx,
    );
  }
}
