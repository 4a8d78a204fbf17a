import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { WeekSummaryView } from '@megabot/contracts';
import { weekOf } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { TimesheetsStreams } from '../timesheets.streams';
import { assignedOpenProjects, dayTotals, entriesOf, entryView, lastProjectOf, projectTotals } from '../timesheets.read-model';
import { WorkingDays } from '../timesheets.working-days';

/** An employee's week: entries, totals per day and per project, the last project and the projects they may log to. */
export class MyWeekQuery extends Query<WeekSummaryView> {
  constructor(
    readonly employeeId: string,
    readonly date: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(MyWeekQuery)
export class MyWeekHandler implements IQueryHandler<MyWeekQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly streams: TimesheetsStreams,
    private readonly workingDays: WorkingDays,
  ) {}

  async execute({ employeeId, date }: MyWeekQuery): Promise<WeekSummaryView> {
    const today = await this.streams.todayOf(employeeId);
    const dates = weekOf(date ?? today);
    const [entries, lastProject, assignedProjects, isWorkingDay] = await Promise.all([
      entriesOf(this.ds, [employeeId], dates[0], dates[6]),
      lastProjectOf(this.ds, employeeId),
      assignedOpenProjects(this.ds, employeeId),
      this.workingDays.forEmployee(employeeId),
    ]);
    return {
      employeeId,
      from: dates[0],
      to: dates[6],
      today,
      days: dayTotals(entries, dates, isWorkingDay),
      projects: projectTotals(entries),
      totalMinutes: entries.reduce((s, e) => s + e.minutes, 0),
      entries: entries.map(entryView),
      lastProject,
      assignedProjects,
    };
  }
}
