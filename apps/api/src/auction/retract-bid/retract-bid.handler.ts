import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuctionWriteModel } from '../auction.write-model';
import { RetractBidCommand } from './retract-bid.command';

@CommandHandler(RetractBidCommand)
export class RetractBidHandler implements ICommandHandler<RetractBidCommand> {
  constructor(private readonly auction: AuctionWriteModel) {}

  execute({ lotId, bidNo, ctx }: RetractBidCommand) {
    return this.auction.execute({ type: 'RetractBid', lotId, bidNo, bidderId: ctx.actorId }, ctx);
  }
}
