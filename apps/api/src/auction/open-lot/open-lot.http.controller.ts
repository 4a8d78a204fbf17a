import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OpenLotDto, type CommandResultDto, type LotDetails } from '@megabot/contracts';
import { auctionWriteSide, type AuctionCommand } from '@megabot/domain';
import { derivedUuid, type CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class OpenLotController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandRoute('Open a lot (parking spot or hardware: admins only; an own lot: its seller)', {
    201: 'Opened; `position` can be passed as `waitFor` to queries',
    409: 'A lot with this id exists',
    422: 'Rule violated (closing time in the past, details missing, reserve/buy-now/rules invalid, admin required)',
  })
  async openLot(@Body() body: OpenLotDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext): Promise<CommandResultDto & { lotId: string }> {
    // Without an id, one derived from the request: a retry opens the same lot, not a second one.
    const lotId = body.lotId ?? derivedUuid(`lot:${actor.employeeId}:${ctx.commandId}`);
    const rules = body.rules && {
      incrementTiers: body.rules.incrementTiers?.map((t) => ({ from: t.from, increment: t.increment })),
      softClose: body.rules.softClose && { ...body.rules.softClose },
      retraction: body.rules.retraction && { ...body.rules.retraction },
    };
    const command: AuctionCommand = {
      type: 'OpenLot',
      lotId,
      kind: body.kind,
      title: body.title,
      description: body.description ?? '',
      sellerId: body.sellerId ?? actor.employeeId,
      startingPrice: body.startingPrice,
      minIncrement: body.minIncrement,
      closesAt: body.closesAt,
      details: { ...(body.details ?? {}) } as LotDetails,
      // The opener's roles at this moment are frozen into LotOpened (company lots need an admin).
      openedBy: actor,
      reservePrice: body.reservePrice,
      buyNowPrice: body.buyNowPrice,
      delegates: body.delegates,
      // plain objects: the DTO's class instances are not what an event stores
      rules: rules && JSON.parse(JSON.stringify(rules)),
    };
    const { result } = await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx));
    return { ...result, lotId };
  }
}
