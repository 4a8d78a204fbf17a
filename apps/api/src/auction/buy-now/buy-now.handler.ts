import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuctionWriteModel } from '../auction.write-model';
import { BuyNowCommand } from './buy-now.command';

@CommandHandler(BuyNowCommand)
export class BuyNowHandler implements ICommandHandler<BuyNowCommand> {
  constructor(private readonly auction: AuctionWriteModel) {}

  execute({ lotId, ctx }: BuyNowCommand) {
    return this.auction.execute({ type: 'BuyNow', lotId, buyerId: ctx.actorId }, ctx);
  }
}
