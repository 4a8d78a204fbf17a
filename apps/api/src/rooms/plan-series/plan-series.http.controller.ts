import { ForEmployee } from '../../core/access/policy';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlanSeriesDto } from '@megabot/contracts';
import { roomIdOf, ruleOf } from '../rooms.params';
import { PlanSeriesQuery } from './plan-series.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class PlanSeriesController {
  constructor(private readonly queries: QueryBus) {}

  @Post(':roomId/series/plan')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which occurrences of a recurrence could be booked, and why the others cannot (writes nothing)' })
  planSeries(@Param('roomId') roomId: string, @Body() body: PlanSeriesDto) {
    return this.queries.execute(new PlanSeriesQuery(roomIdOf(roomId), ruleOf(body.rule)));
  }
}
