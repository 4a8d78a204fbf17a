import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { WeekQueryDto, type Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { TeamWeekQuery } from './team-week.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class TeamWeekController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  /** Only the caller's own direct reports (an employee with none sees an empty list). */
  @Get('team')
  @QueryRoute("Your direct reports' time in a week: totals per day and per project, and their entries")
  async team(@Query() query: WeekQueryDto, @CurrentEmployee() actor: Actor) {
    await this.progress.waitFor('timesheets', query.waitFor);
    return this.queries.execute(new TeamWeekQuery(actor.employeeId, query.date));
  }
}
