import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RelistLotDto } from '@megabot/contracts';
import { auctionWriteSide, type AuctionCommand } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class RelistLotController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lotId/relist')
  @CommandRoute('List an unsold lot again (seller or admin): new closing time, bids cleared, optionally new prices', {
    409: 'Only a closed, unsold lot can be relisted',
    422: 'Neither seller nor admin; prices invalid',
  })
  async relist(@Param('lotId') lotId: string, @Body() body: RelistLotDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command: AuctionCommand = {
      type: 'RelistLot',
      lotId: lotIdOf(lotId),
      actor: actor,
      closesAt: body.closesAt,
      startingPrice: body.startingPrice,
      // absent = keep, null = remove (the DTO keeps the difference)
      reservePrice: body.reservePrice,
      buyNowPrice: body.buyNowPrice,
    };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
