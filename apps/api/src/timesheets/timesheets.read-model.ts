import type { DataSource } from 'typeorm';
import type { DayTotalView, ProjectTotalView, TimeEntryView } from '@megabot/contracts';

/* Reads of the timesheets read model shared by the queries. */

/** Open projects the employee is assigned to (identity's record), in their order. */
export async function assignedOpenProjects(ds: DataSource, employeeId: string): Promise<string[]> {
  const rows: { code: string }[] = await ds.query(
    `SELECT p.code FROM identity.employees e CROSS JOIN LATERAL unnest(e.projects) WITH ORDINALITY AS a(code, i)
       JOIN timesheets.projects p ON p.code = a.code AND p.status = 'open'
      WHERE e.employee_id = $1 ORDER BY a.i`,
    [employeeId],
  );
  return rows.map((r) => r.code);
}

export async function openProjects(ds: DataSource): Promise<string[]> {
  return (await ds.query(`SELECT code FROM timesheets.projects WHERE status = 'open' ORDER BY code`)).map((r: { code: string }) => r.code);
}

/** The project of the employee's latest logged entry. */
export async function lastProjectOf(ds: DataSource, employeeId: string): Promise<string | null> {
  const [row] = await ds.query(`SELECT project FROM timesheets.entries WHERE employee_id = $1 AND NOT deleted ORDER BY logged_at DESC, date DESC LIMIT 1`, [
    employeeId,
  ]);
  return row?.project ?? null;
}

export interface EntryRow {
  employee_id: string;
  entry_id: string;
  date: string;
  project: string;
  task: string | null;
  minutes: number;
  comment: string;
}

export const entryView = (r: EntryRow): TimeEntryView => ({
  entryId: r.entry_id,
  date: r.date,
  project: r.project,
  task: r.task,
  minutes: r.minutes,
  comment: r.comment,
});

/** Live entries of these employees on [from, to], by date. */
export async function entriesOf(ds: DataSource, employeeIds: readonly string[], from: string, to: string): Promise<EntryRow[]> {
  return ds.query(
    `SELECT employee_id, entry_id, date, project, task, minutes, comment FROM timesheets.entries
      WHERE employee_id = ANY ($1) AND date BETWEEN $2 AND $3 AND NOT deleted ORDER BY date, logged_at, entry_id`,
    [employeeIds, from, to],
  );
}

export function dayTotals(entries: readonly EntryRow[], dates: readonly string[], isWorkingDay: (date: string) => boolean): DayTotalView[] {
  return dates.map((date) => ({ date, minutes: entries.filter((e) => e.date === date).reduce((s, e) => s + e.minutes, 0), working: isWorkingDay(date) }));
}

export function projectTotals(entries: readonly EntryRow[]): ProjectTotalView[] {
  const totals = new Map<string, number>();
  for (const e of entries) totals.set(e.project, (totals.get(e.project) ?? 0) + e.minutes);
  return [...totals].map(([project, minutes]) => ({ project, minutes })).sort((a, b) => b.minutes - a.minutes || a.project.localeCompare(b.project));
}
