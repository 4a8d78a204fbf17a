import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BID_OUTCOME_MESSAGES, type PlaceBidResultDto } from '@megabot/contracts';
import { bidOutcome } from '@megabot/domain';
import { AuctionWriteModel } from '../auction.write-model';
import { PlaceBidCommand } from './place-bid.command';

@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand> {
  constructor(private readonly auction: AuctionWriteModel) {}

  async execute({ lotId, amount, ctx }: PlaceBidCommand): Promise<PlaceBidResultDto> {
    const { result, events } = await this.auction.executeWithEvents({ type: 'PlaceBid', lotId, bidderId: ctx.actorId, amount }, ctx);
    const o = bidOutcome(events, ctx.actorId);
    if (!o) return { ...result, bidNo: null, outcome: null, message: 'no change', maximum: null, leading: false, price: null, closesAt: null };
    return {
      ...result,
      bidNo: o.bidNo,
      outcome: o.outcome,
      message: BID_OUTCOME_MESSAGES[o.outcome],
      maximum: o.maximum,
      leading: o.outcome === 'leading' || o.outcome === 'raised',
      price: o.price,
      closesAt: o.closesAt,
    };
  }
}
