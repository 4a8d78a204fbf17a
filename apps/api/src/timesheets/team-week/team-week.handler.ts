import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TeamWeekView } from '@megabot/contracts';
import { weekOf } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { TimesheetsStreams } from '../timesheets.streams';
import { dayTotals, entriesOf, projectTotals, entryView } from '../timesheets.read-model';
import { WorkingDays } from '../timesheets.working-days';

/** A manager's direct reports (identity's line-manager relation, active employees) and their time in a week. */
export class TeamWeekQuery extends Query<TeamWeekView> {
  constructor(
    readonly managerId: string,
    readonly date: string | undefined,
  ) {
    super();
  }
}

export async function directReports(ds: DataSource, managerId: string): Promise<{ employee_id: string; full_name: string }[]> {
  return ds.query(`SELECT employee_id, full_name FROM identity.employees WHERE manager_id = $1 AND status = 'active' ORDER BY full_name, employee_id`, [
    managerId,
  ]);
}

@QueryHandler(TeamWeekQuery)
export class TeamWeekHandler implements IQueryHandler<TeamWeekQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly streams: TimesheetsStreams,
    private readonly workingDays: WorkingDays,
  ) {}

  async execute({ managerId, date }: TeamWeekQuery): Promise<TeamWeekView> {
    const dates = weekOf(date ?? (await this.streams.todayOf(managerId)));
    const reports = await directReports(this.ds, managerId);
    const daysToLog = await this.workingDays.forEmployees(reports.map((r) => r.employee_id));
    const entries = await entriesOf(
      this.ds,
      reports.map((r) => r.employee_id),
      dates[0],
      dates[6],
    );
    return {
      managerId,
      from: dates[0],
      to: dates[6],
      reports: reports.map((r) => {
        const own = entries.filter((e) => e.employee_id === r.employee_id);
        return {
          employeeId: r.employee_id,
          fullName: r.full_name,
          totalMinutes: own.reduce((s, e) => s + e.minutes, 0),
          days: dayTotals(own, dates, daysToLog(r.employee_id)),
          projects: projectTotals(own),
          entries: own.map(entryView),
        };
      }),
    };
  }
}
