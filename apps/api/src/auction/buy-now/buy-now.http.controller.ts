import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { BidRateLimiter } from '../bid-rate-limiter';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class BuyNowController {
  constructor(
    private readonly commands: CommandBus,
    private readonly rateLimit: BidRateLimiter,
  ) {}

  @Post(':lotId/buy-now')
  @CommandRoute('Buy at the buy-now price: closes the lot at once (until the first bid, or until the reserve is met)', {
    201: 'Bought; the lot is closed',
    409: 'No buy-now price, or it is no longer available; bidding ended',
    429: 'Too many bids (see Retry-After)',
  })
  async buyNow(@Param('lotId') lotId: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    this.rateLimit.check(actor.employeeId);
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, { type: 'BuyNow', lotId: lotIdOf(lotId), buyerId: actor.employeeId }, ctx)))
      .result;
  }
}
