import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CancelLotDto, ID_PATTERN, ListLotsQueryDto, OpenLotDto, PlaceBidDto, RelistLotDto, VoidBidDto, WaitForQueryDto } from '@megabot/contracts';
import { problem } from '../core/problem';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { Actor, CorrelationId, IdempotencyKey, Viewer } from '../core/request-context';
import { GetLotQuery, ListLotsQuery } from './auction.queries';
import { BidRateLimiter } from './bid-rate-limiter';
import { BuyNowCommand } from './buy-now/buy-now.command';
import { CancelLotCommand } from './cancel-lot/cancel-lot.command';
import { OpenLotCommand } from './open-lot/open-lot.command';
import { PlaceBidCommand } from './place-bid/place-bid.command';
import { RelistLotCommand } from './relist-lot/relist-lot.command';
import { RetractBidCommand } from './retract-bid/retract-bid.command';
import { VoidBidCommand } from './void-bid/void-bid.command';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting employee' };
const VIEWER = { name: 'X-Employee-Id', required: false, description: 'The viewing employee: shows their own maxima (and the reserve to the seller and admins)' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key, one effect (retries, redelivered updates)' };

@ApiTags('auction')
@Controller('auctions')
export class AuctionHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
    private readonly rateLimit: BidRateLimiter,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a lot (parking spot or hardware: admins only; an own lot: its seller)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Opened; `position` can be passed as `waitFor` to queries' })
  @ApiResponse({ status: 409, description: 'A lot with this id exists' })
  @ApiResponse({ status: 422, description: 'Rule violated (closing time in the past, details missing, reserve/buy-now/rules invalid, admin required)' })
  openLot(@Body() body: OpenLotDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    const lotId = body.lotId ?? randomUUID();
    return this.commands.execute(new OpenLotCommand(lotId, body, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/bids')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Place a bid: your maximum. The price rises only as far as competition requires (proxy bidding); the answer says what happened',
  })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Accepted: `outcome` leading / raised / outbid / outbid_by_earlier_equal_maximum, with a `message`' })
  @ApiResponse({ status: 404, description: 'No such lot' })
  @ApiResponse({ status: 409, description: 'Bidding ended, the lot was cancelled, or you already lead with a higher maximum' })
  @ApiResponse({ status: 422, description: 'Too low (the minimum is in `minimum`), or the seller / a delegate bidding' })
  @ApiResponse({ status: 429, description: 'Too many bids (see Retry-After)' })
  placeBid(
    @Param('lotId') lotId: string,
    @Body() body: PlaceBidDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    this.rateLimit.check(actorId);
    return this.commands.execute(new PlaceBidCommand(lotId, body.amount, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/buy-now')
  @HttpCode(201)
  @ApiOperation({ summary: 'Buy at the buy-now price: closes the lot at once (until the first bid, or until the reserve is met)' })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Bought; the lot is closed' })
  @ApiResponse({ status: 409, description: 'No buy-now price, or it is no longer available; bidding ended' })
  @ApiResponse({ status: 429, description: 'Too many bids (see Retry-After)' })
  buyNow(@Param('lotId') lotId: string, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkLotId(lotId);
    this.rateLimit.check(actorId);
    return this.commands.execute(new BuyNowCommand(lotId, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/bids/:bidNo/retract')
  @HttpCode(201)
  @ApiOperation({ summary: 'Take back one of your own bids (within the retraction window, not shortly before the close)' })
  @ApiParam({ name: 'lotId' })
  @ApiParam({ name: 'bidNo', description: 'The bid number (`bidNo` of the bid answer)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 404, description: 'No such lot or bid' })
  @ApiResponse({ status: 409, description: 'Retraction window passed, or too close to the end' })
  @ApiResponse({ status: 422, description: 'Not your bid' })
  retract(
    @Param('lotId') lotId: string,
    @Param('bidNo') bidNo: string,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    return this.commands.execute(new RetractBidCommand(lotId, parseBidNo(bidNo), { actorId, commandId, correlationId }));
  }

  @Post(':lotId/bids/:bidNo/void')
  @HttpCode(201)
  @ApiOperation({ summary: 'Void a bid (admins), with a reason' })
  @ApiParam({ name: 'lotId' })
  @ApiParam({ name: 'bidNo' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 404, description: 'No such lot or bid' })
  @ApiResponse({ status: 409, description: 'The lot is closed or cancelled' })
  @ApiResponse({ status: 422, description: 'Not an admin' })
  voidBid(
    @Param('lotId') lotId: string,
    @Param('bidNo') bidNo: string,
    @Body() body: VoidBidDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    return this.commands.execute(new VoidBidCommand(lotId, parseBidNo(bidNo), body.reason, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/cancel')
  @HttpCode(201)
  @ApiOperation({ summary: 'Cancel a lot: an admin any time before the close (reason required), the seller while nobody bids' })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Closed already, or (seller) it has bids' })
  @ApiResponse({ status: 422, description: 'Neither seller nor admin; reason missing' })
  cancel(
    @Param('lotId') lotId: string,
    @Body() body: CancelLotDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    return this.commands.execute(new CancelLotCommand(lotId, body.reason, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/relist')
  @HttpCode(201)
  @ApiOperation({ summary: 'List an unsold lot again (seller or admin): new closing time, bids cleared, optionally new prices' })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Only a closed, unsold lot can be relisted' })
  @ApiResponse({ status: 422, description: 'Neither seller nor admin; prices invalid' })
  relist(
    @Param('lotId') lotId: string,
    @Body() body: RelistLotDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    return this.commands.execute(new RelistLotCommand(lotId, body, { actorId, commandId, correlationId }));
  }

  @Get()
  @ApiOperation({ summary: 'Lots: filter by kind, status, ending soon, my bids (`bidder=`, yourself only), my lots (`seller=`); `waitFor` waits for a position' })
  @ApiHeader(VIEWER)
  async list(@Query() query: ListLotsQueryDto, @Viewer() viewerId?: string) {
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new ListLotsQuery(query, viewerId));
  }

  @Get(':lotId')
  @ApiOperation({ summary: 'One lot: price, leader, minimum next bid, history (newest first); with X-Employee-Id also your own maxima' })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(VIEWER)
  async get(@Param('lotId') lotId: string, @Query() query: WaitForQueryDto, @Viewer() viewerId?: string) {
    checkLotId(lotId);
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new GetLotQuery(lotId, viewerId));
  }
}

function checkLotId(lotId: string) {
  if (!ID_PATTERN.test(lotId)) throw problem(400, 'validation.failed', 'lotId must be 1-64 letters, digits, "_" or "-"');
}

function parseBidNo(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw problem(400, 'validation.failed', 'bidNo must be a positive integer');
  return Number(text);
}
