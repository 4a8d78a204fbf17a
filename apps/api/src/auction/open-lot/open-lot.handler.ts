import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LotDetails } from '@megabot/contracts';
import { RolesService } from '../../core/roles.service';
import { AuctionWriteModel } from '../auction.write-model';
import { OpenLotCommand } from './open-lot.command';

@CommandHandler(OpenLotCommand)
export class OpenLotHandler implements ICommandHandler<OpenLotCommand> {
  constructor(
    private readonly auction: AuctionWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ lotId, body, ctx }: OpenLotCommand) {
    const rules = body.rules && {
      incrementTiers: body.rules.incrementTiers?.map((t) => ({ from: t.from, increment: t.increment })),
      softClose: body.rules.softClose && { ...body.rules.softClose },
      retraction: body.rules.retraction && { ...body.rules.retraction },
    };
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
        // The opener's roles at this moment are frozen into LotOpened (company lots need an admin).
        openedBy: await this.roles.actor(ctx.actorId),
        reservePrice: body.reservePrice,
        buyNowPrice: body.buyNowPrice,
        delegates: body.delegates,
        rules: rules && JSON.parse(JSON.stringify(rules)),
      },
      ctx,
    );
    return { ...result, lotId };
  }
}
