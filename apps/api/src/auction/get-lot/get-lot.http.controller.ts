import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { OptionalEmployee } from '../../core/access/actor';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { WaitForQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { GetLotQuery } from './get-lot.handler';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class GetLotController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get(':lotId')
  @QueryRoute('One lot: price, leader, minimum next bid, history (newest first); with your own maxima (and the reserve for its seller and admins)')
  async get(@Param('lotId') lotId: string, @Query() query: WaitForQueryDto, @OptionalEmployee() viewer?: Actor) {
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new GetLotQuery(lotIdOf(lotId), viewer?.employeeId));
  }
}
