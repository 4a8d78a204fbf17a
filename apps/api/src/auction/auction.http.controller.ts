import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { ID_PATTERN, ListLotsQueryDto, OpenLotDto, PlaceBidDto, WaitForQueryDto } from '@megabot/contracts';
import { problem } from '../core/problem';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { Actor, CorrelationId, IdempotencyKey } from '../core/request-context';
import { GetLotQuery, ListLotsQuery } from './auction.queries';
import { OpenLotCommand } from './open-lot.command';
import { PlaceBidCommand } from './place-bid.command';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting employee' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key, one effect (retries, redelivered updates)' };

@ApiTags('auction')
@Controller('auctions')
export class AuctionHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a lot (parking spot, hardware or an own lot)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Opened; `position` can be passed as `waitFor` to queries' })
  @ApiResponse({ status: 409, description: 'A lot with this id exists' })
  @ApiResponse({ status: 422, description: 'Rule violated (closing time in the past, details missing)' })
  openLot(@Body() body: OpenLotDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    const lotId = body.lotId ?? randomUUID();
    return this.commands.execute(new OpenLotCommand(lotId, body, { actorId, commandId, correlationId }));
  }

  @Post(':lotId/bids')
  @HttpCode(201)
  @ApiOperation({ summary: 'Place a bid: at least the current price plus the increment (or the starting price)' })
  @ApiParam({ name: 'lotId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Accepted' })
  @ApiResponse({ status: 404, description: 'No such lot' })
  @ApiResponse({ status: 409, description: 'Bidding ended, or you already lead' })
  @ApiResponse({ status: 422, description: 'Too low (the minimum is in `minimum`), or the seller bidding' })
  placeBid(
    @Param('lotId') lotId: string,
    @Body() body: PlaceBidDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkLotId(lotId);
    return this.commands.execute(new PlaceBidCommand(lotId, body.amount, { actorId, commandId, correlationId }));
  }

  @Get()
  @ApiOperation({ summary: 'Lots, filtered and paged; `waitFor` waits until the read model has a position' })
  async list(@Query() query: ListLotsQueryDto) {
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new ListLotsQuery(query));
  }

  @Get(':lotId')
  @ApiOperation({ summary: 'One lot with price, leader, minimum next bid and bid history (newest first)' })
  @ApiParam({ name: 'lotId' })
  async get(@Param('lotId') lotId: string, @Query() query: WaitForQueryDto) {
    checkLotId(lotId);
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new GetLotQuery(lotId));
  }
}

function checkLotId(lotId: string) {
  if (!ID_PATTERN.test(lotId)) throw problem(400, 'validation.failed', 'lotId must be 1-64 letters, digits, "_" or "-"');
}
