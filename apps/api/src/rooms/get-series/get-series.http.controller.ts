import { ForEmployee } from '../../core/access/policy';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoomsWaitForQueryDto } from '@megabot/contracts';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { idOf } from '../rooms.params';
import { GetSeriesQuery } from './get-series.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class GetSeriesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('series/:seriesId')
  @ApiOperation({ summary: 'A recurring booking: its rule, occurrences, skipped dates, attendance streak' })
  async getSeries(@Param('seriesId') seriesId: string, @Query() query: RoomsWaitForQueryDto) {
    idOf('seriesId', seriesId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new GetSeriesQuery(seriesId));
  }
}
