import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { OptionalEmployee } from '../../core/access/actor';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ListLotsQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { ListLotsQuery } from './list-lots.handler';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class ListLotsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get()
  @QueryRoute('Lots: filter by kind, status, ending soon, my bids (`bidder=`, yourself only), my lots (`seller=`); `waitFor` waits for a position')
  async list(@Query() query: ListLotsQueryDto, @OptionalEmployee() viewer?: Actor) {
    await this.progress.waitFor('auction', query.waitFor);
    return this.queries.execute(new ListLotsQuery(query, viewer?.employeeId));
  }
}
