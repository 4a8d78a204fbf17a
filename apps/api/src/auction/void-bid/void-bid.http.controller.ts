import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { VoidBidDto } from '@megabot/contracts';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { ExecuteCommand } from '../../core/write-side';
import { bidNoOf, lotIdOf } from '../auction.params';

@ApiTags('auction')
@Controller('auctions')
export class VoidBidController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  // The domain checks the admin role itself: the actor's roles go into the command.
  @Post(':lotId/bids/:bidNo/void')
  @CommandRoute('Void a bid (admins), with a reason', { 404: 'No such lot or bid', 409: 'The lot is closed or cancelled', 422: 'Not an admin' })
  async voidBid(
    @Param('lotId') lotId: string,
    @Param('bidNo') bidNo: string,
    @Body() body: VoidBidDto,
    @Actor() actorId: string,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'VoidBid' as const, lotId: lotIdOf(lotId), bidNo: bidNoOf(bidNo), reason: body.reason, actor: await this.roles.actor(actorId) };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
