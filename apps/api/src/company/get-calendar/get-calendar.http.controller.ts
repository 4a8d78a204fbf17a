import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CalendarQueryDto, type CalendarView } from '@megabot/contracts';
import type { CalendarRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { CALENDAR_SELECT, calendarView } from '../company.read-model';
import { regionOf } from '../company.params';

@ApiTags('company')
@ForEmployee()
@Controller('company')
export class GetCalendarController {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('calendars/:region/:year')
  @QueryRoute('The holidays, shortened and moved working days of a region in a year, with the totals', { 404: 'No calendar imported for it' })
  async calendar(@Param('region') region: string, @Param('year', ParseIntPipe) year: number, @Query() query: CalendarQueryDto): Promise<CalendarView> {
    await this.progress.waitFor('company', query.waitFor);
    const [row] = (await this.ds.query(`${CALENDAR_SELECT} WHERE region = $1 AND year = $2`, [regionOf(region), year])) as CalendarRow[];
    if (!row)
      throw problem(404, 'company.calendar_not_found', `No production calendar of ${region} for ${year} has been imported`, undefined, { region, year });
    return calendarView(row);
  }
}
