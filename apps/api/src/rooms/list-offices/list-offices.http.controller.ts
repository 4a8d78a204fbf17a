import { ForEmployee } from '../../core/access/policy';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListOfficesQueryDto } from '@megabot/contracts';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { ListOfficesQuery } from './list-offices.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class ListOfficesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('offices')
  @ApiOperation({ summary: 'Offices with their number of bookable rooms (`all=true`: archived too)' })
  async offices(@Query() query: ListOfficesQueryDto) {
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new ListOfficesQuery(query.all === 'true'));
  }
}
