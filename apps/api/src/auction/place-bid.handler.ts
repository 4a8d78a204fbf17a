import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuctionWriteModel } from './auction.write-model';
import { PlaceBidCommand } from './place-bid.command';

@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand> {
  constructor(private readonly auction: AuctionWriteModel) {}

  execute({ lotId, amount, ctx }: PlaceBidCommand) {
    return this.auction.execute({ type: 'PlaceBid', lotId, bidderId: ctx.actorId, amount }, ctx);
  }
}
