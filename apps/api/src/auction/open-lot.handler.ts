import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LotDetails } from '@megabot/contracts';
import { AuctionWriteModel } from './auction.write-model';
import { OpenLotCommand } from './open-lot.command';

@CommandHandler(OpenLotCommand)
export class OpenLotHandler implements ICommandHandler<OpenLotCommand> {
  constructor(private readonly auction: AuctionWriteModel) {}

  async execute({ lotId, body, ctx }: OpenLotCommand) {
    const result = await this.auction.execute(
      {
        type: 'OpenLot',
        lotId,
        kind: body.kind,
        title: body.title,
        description: body.description ?? '',
        sellerId: body.sellerId ?? ctx.actorId,
        startingPrice: body.startingPrice,
        minIncrement: body.minIncrement,
        closesAt: body.closesAt,
        details: { ...(body.details ?? {}) } as LotDetails,
      },
      ctx,
    );
    return { ...result, lotId };
  }
}
