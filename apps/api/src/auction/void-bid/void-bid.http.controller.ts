import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { VoidBidDto } from '@megabot/contracts';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { bidNoOf, lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForAdmin()
@Controller('auctions')
export class VoidBidController {
  constructor(private readonly commands: CommandBus) {}

  // The domain checks the admin role itself: the actor's roles go into the command.
  @Post(':lotId/bids/:bidNo/void')
  @CommandRoute('Void a bid (admins), with a reason', { 404: 'No such lot or bid', 409: 'The lot is closed or cancelled', 422: 'Not an admin' })
  async voidBid(
    @Param('lotId') lotId: string,
    @Param('bidNo') bidNo: string,
    @Body() body: VoidBidDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'VoidBid' as const, lotId: lotIdOf(lotId), bidNo: bidNoOf(bidNo), reason: body.reason, actor: actor };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
