import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isAdmin, isAuditor, type Actor } from '@megabot/contracts';
import { datesBetween } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { directReports } from '../team-week/team-week.handler';

export type ExportScope = { kind: 'person'; employeeId: string } | { kind: 'team'; managerId: string } | { kind: 'project'; project: string };

/** Time entries of a person, a manager's team or a project over [from, to] as CSV, for whom may see them. */
export class ExportCsvQuery extends Query<string> {
  constructor(
    readonly scope: ExportScope,
    readonly from: string,
    readonly to: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

const MAX_DAYS = 366;
const HEADER = ['employee_id', 'full_name', 'date', 'project', 'task', 'minutes', 'hours', 'comment'];

/** RFC 4180 quoting; a cell a spreadsheet would take for a formula is prefixed with a quote (CSV injection). */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

@QueryHandler(ExportCsvQuery)
export class ExportCsvHandler implements IQueryHandler<ExportCsvQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ scope, from, to, actor }: ExportCsvQuery): Promise<string> {
    if (from > to || datesBetween(from, to).length > MAX_DAYS)
      throw problem(400, 'validation.failed', `from must be on or before to, at most ${MAX_DAYS} days`);
    const employees = await this.employeesOf(scope, actor);
    const projectOnly = scope.kind === 'project' ? scope.project : null;
    const rows: { employee_id: string; full_name: string | null; date: string; project: string; task: string | null; minutes: number; comment: string }[] =
      await this.ds.query(
        `SELECT t.employee_id, e.full_name, t.date, t.project, t.task, t.minutes, t.comment
           FROM timesheets.entries t LEFT JOIN identity.employees e ON e.employee_id = t.employee_id
          WHERE NOT t.deleted AND t.date BETWEEN $1 AND $2
            AND ($3::text[] IS NULL OR t.employee_id = ANY ($3)) AND ($4::text IS NULL OR t.project = $4)
          ORDER BY t.employee_id, t.date, t.logged_at, t.entry_id`,
        [from, to, employees, projectOnly],
      );
    const lines = rows.map((r) =>
      [r.employee_id, r.full_name ?? '', r.date, r.project, r.task, r.minutes, (r.minutes / 60).toFixed(2), r.comment].map(csvCell).join(','),
    );
    return [HEADER.join(','), ...lines].join('\r\n') + '\r\n';
  }

  /** Whose entries the caller may export (null: everyone's, for a project). */
  private async employeesOf(scope: ExportScope, actor: Actor): Promise<string[] | null> {
    const seesAll = isAdmin(actor) || isAuditor(actor);
    if (scope.kind === 'project') {
      if (!seesAll) throw problem(403, 'timesheets.export_forbidden', 'Only admins and auditors export a whole project');
      return null;
    }
    if (scope.kind === 'team') {
      if (scope.managerId !== actor.employeeId && !seesAll) throw problem(403, 'timesheets.export_forbidden', 'You may export only your own team');
      return (await directReports(this.ds, scope.managerId)).map((r) => r.employee_id);
    }
    if (scope.employeeId !== actor.employeeId && !seesAll) {
      const reports = await directReports(this.ds, actor.employeeId);
      if (!reports.some((r) => r.employee_id === scope.employeeId))
        throw problem(403, 'timesheets.export_forbidden', 'You may export your own time and your direct reports’');
    }
    return [scope.employeeId];
  }
}
