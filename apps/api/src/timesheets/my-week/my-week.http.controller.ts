import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { WeekQueryDto, type Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { MyWeekQuery } from './my-week.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class MyWeekController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('week')
  @QueryRoute('Your week (Monday to Sunday): entries, totals per day and per project, your last project')
  async week(@Query() query: WeekQueryDto, @CurrentEmployee() actor: Actor) {
    await this.progress.waitFor('timesheets', query.waitFor);
    return this.queries.execute(new MyWeekQuery(actor.employeeId, query.date));
  }
}
