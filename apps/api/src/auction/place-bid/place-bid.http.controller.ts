import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BID_OUTCOME_MESSAGES, PlaceBidDto, type PlaceBidResultDto } from '@megabot/contracts';
import { auctionWriteSide, bidOutcome, type AuctionCommand } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { BidRateLimiter } from '../bid-rate-limiter';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class PlaceBidController {
  constructor(
    private readonly commands: CommandBus,
    private readonly rateLimit: BidRateLimiter,
  ) {}

  /** The bid is the bidder's maximum; the answer says what it did, read from the events the decider wrote. */
  @Post(':lotId/bids')
  @CommandRoute('Place a bid: your maximum. The price rises only as far as competition requires (proxy bidding); the answer says what happened', {
    201: 'Accepted: `outcome` leading / raised / outbid / outbid_by_earlier_equal_maximum, with a `message`',
    404: 'No such lot',
    409: 'Bidding ended, the lot was cancelled, or you already lead with a higher maximum',
    422: 'Too low (the minimum is in `minimum`), or the seller / a delegate bidding',
    429: 'Too many bids (see Retry-After)',
  })
  async placeBid(
    @Param('lotId') lotId: string,
    @Body() body: PlaceBidDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<PlaceBidResultDto> {
    this.rateLimit.check(actor.employeeId);
    const command: AuctionCommand = { type: 'PlaceBid', lotId: lotIdOf(lotId), bidderId: actor.employeeId, amount: body.amount };
    const { result, events } = await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx));
    const o = bidOutcome(events, actor.employeeId);
    if (!o) return { ...result, bidNo: null, outcome: null, message: 'no change', maximum: null, leading: false, price: null, closesAt: null };
    const leading = o.outcome === 'leading' || o.outcome === 'raised';
    return {
      ...result,
      bidNo: o.bidNo,
      outcome: o.outcome,
      message: BID_OUTCOME_MESSAGES[o.outcome],
      maximum: o.maximum,
      leading,
      price: o.price,
      closesAt: o.closesAt,
    };
  }
}
