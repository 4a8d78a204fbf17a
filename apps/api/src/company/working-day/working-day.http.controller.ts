import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { WorkingDayQueryDto, type WorkingDayView } from '@megabot/contracts';
import { isWorkingDay, workingCalendar, workingHours } from '@megabot/domain';
import type { CalendarRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { CALENDAR_SELECT } from '../company.read-model';
import { regionOf } from '../company.params';

@ApiTags('company')
@ForEmployee()
@Controller('company')
export class WorkingDayController {
  constructor(private readonly ds: DataSource) {}

  @Get('calendars/:region/working-day')
  @QueryRoute('Whether a date is a working day in a region, and its hours (the usual week when no calendar of that year is imported)')
  async workingDay(@Param('region') region: string, @Query() query: WorkingDayQueryDto): Promise<WorkingDayView> {
    const year = Number(query.date.slice(0, 4));
    if (Number.isNaN(Date.parse(`${query.date}T00:00:00Z`))) throw problem(400, 'validation.failed', 'date must be a real date YYYY-MM-DD');
    const [row] = (await this.ds.query(`${CALENDAR_SELECT} WHERE region = $1 AND year = $2`, [regionOf(region), year])) as CalendarRow[];
    const calendar = row ? workingCalendar(row.year, row.days) : null;
    return {
      date: query.date,
      region,
      working: isWorkingDay(query.date, calendar),
      hours: workingHours(query.date, calendar),
      day: calendar?.days.get(query.date) ?? null,
      calendarKnown: calendar !== null,
    };
  }
}
