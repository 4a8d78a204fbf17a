import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { bidNoOf, lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class RetractBidController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lotId/bids/:bidNo/retract')
  @CommandRoute('Take back one of your own bids (within the retraction window, not shortly before the close)', {
    404: 'No such lot or bid',
    409: 'Retraction window passed, or too close to the end',
    422: 'Not your bid',
  })
  @ApiParam({ name: 'bidNo', description: 'The bid number (`bidNo` of the bid answer)' })
  async retract(@Param('lotId') lotId: string, @Param('bidNo') bidNo: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'RetractBid' as const, lotId: lotIdOf(lotId), bidNo: bidNoOf(bidNo), bidderId: actor.employeeId };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
