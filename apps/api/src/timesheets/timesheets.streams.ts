import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  employeeStreamId,
  periodOfDate,
  TIMESHEETS_DEFAULT_TIME_ZONE,
  projectStreamId,
  timesheetPeriodStreamId,
  timesheetStreamId,
  type TimeEntryView,
} from '@megabot/contracts';
import { employmentOf, periodWriteSide, projectWriteSide, timesheetWriteSide, type TimesheetContext, type TimesheetState } from '@megabot/domain';
import { intlOffsetAt } from '@megabot/platform';
import { DataSource } from 'typeorm';
import { problem } from '../core/problem';
import { WriteSides } from '../core/write-side';
import { EMPLOYEE_WRITE_SIDE, type EmployeeDefinition } from '../identity/identity.write-sides';

/**
 * What timesheet commands are decided with, read from the streams as they
 * are now through the write side's processors (a project an admin closed a
 * moment ago is closed): the employment (identity's employee stream), the
 * period's state and the status of the projects named. Also the employee's
 * local today, and entry ids.
 *
 * Between reading the period and appending, an admin may close it: that
 * entry lands in the closed month (milliseconds of a window, written before
 * the close in the log order of the admin's view). Closing is an
 * administrative act done days after the month ends, so this is accepted.
 */
@Injectable()
export class TimesheetsStreams {
  constructor(
    private readonly writeSides: WriteSides,
    @Inject(EMPLOYEE_WRITE_SIDE) private readonly employees: EmployeeDefinition,
    private readonly ds: DataSource,
  ) {}

  async context(employeeId: string, period: string, projects: Iterable<string>): Promise<TimesheetContext> {
    const [{ state: employee }, { state: periodState }] = await Promise.all([
      this.writeSides.of(this.employees).fresh(employeeStreamId(employeeId)),
      this.writeSides.of(periodWriteSide).fresh(timesheetPeriodStreamId(period)),
    ]);
    const statuses: Record<string, 'open' | 'closed'> = {};
    for (const code of new Set(projects)) {
      const { state } = await this.writeSides.of(projectWriteSide).fresh(projectStreamId(code));
      if (state.status !== 'none') statuses[code] = state.status;
    }
    return { employment: employmentOf(employee), periodClosed: periodState.closed, projects: statuses };
  }

  async timesheet(employeeId: string, period: string): Promise<TimesheetState> {
    return (await this.writeSides.of(timesheetWriteSide).current(timesheetStreamId(employeeId, period))).state;
  }

  /** The employee's time zone: their office's (a rooms office of that id), else the default. */
  async zoneOf(employeeId: string): Promise<string> {
    const [row] = await this.ds.query(`SELECT o.time_zone FROM identity.employees e JOIN rooms.offices o ON o.office_id = e.office WHERE e.employee_id = $1`, [
      employeeId,
    ]);
    return row?.time_zone ?? TIMESHEETS_DEFAULT_TIME_ZONE;
  }

  async todayOf(employeeId: string, now = new Date()): Promise<string> {
    return localDateOf(await this.zoneOf(employeeId), now);
  }
}

/** The local date of an instant in a zone. */
export function localDateOf(zone: string, now: Date): string {
  return new Date(now.getTime() + intlOffsetAt(zone, now.getTime()) * 60_000).toISOString().slice(0, 10);
}

/**
 * An entry's id: its month (so a route finds the stream from the id alone)
 * and a hash of who asked, the request's idempotency key and its place in
 * the request - a retry makes the same entry.
 */
export function entryIdOf(date: string, employeeId: string, commandId: string, index = 0): string {
  const hash = createHash('sha1')
    .update([employeeId, commandId, String(index)].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
  return `${periodOfDate(date)}_${hash}`;
}

const ENTRY_ID = /^(\d{4}-(0[1-9]|1[0-2]))_[0-9a-f]{16}$/;
export function periodOfEntryId(entryId: string): string {
  const m = ENTRY_ID.exec(entryId);
  if (!m) throw problem(400, 'validation.failed', 'entryId must be an entry id such as 2026-12_0123456789abcdef');
  return m[1];
}

export function entryViews(state: TimesheetState, ids: Iterable<string>): TimeEntryView[] {
  return [...ids].flatMap((id) => {
    const e = state.entries[id];
    return e ? [{ entryId: e.entryId, date: e.date, project: e.project, task: e.task, minutes: e.minutes, comment: e.comment }] : [];
  });
}
