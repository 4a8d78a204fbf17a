import type { TimesheetsEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { LeaveRow, PeriodRow, ProjectRow, TimeEntryRow } from '@megabot/read-model';

/*
 * The time-logging read model as pure functions of the recorded events, one
 * evolve per table. Every row carries the revision of its stream it reflects:
 * an event at or below it returns the row unchanged (the same object), so a
 * replayed batch changes nothing.
 */

const eventOf = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as TimesheetsEvent;
const applied = (revision: string | undefined, event: RecordedEvent) => revision !== undefined && BigInt(revision) >= event.revision;

export function evolveEntry(row: TimeEntryRow | undefined, event: RecordedEvent): TimeEntryRow | undefined {
  if (applied(row?.stream_revision, event)) return row;
  const e = eventOf(event);
  const stream_revision = event.revision.toString();
  switch (e.type) {
    case 'TimeLogged': {
      const d = e.data;
      const at = new Date(d.loggedAt);
      return {
        employee_id: d.employeeId,
        entry_id: d.entryId,
        period: d.date.slice(0, 7),
        date: d.date,
        project: d.project,
        task: d.task,
        minutes: d.minutes,
        comment: d.comment,
        deleted: false,
        logged_by: d.loggedBy,
        logged_at: at,
        updated_at: at,
        stream_revision,
      };
    }
    case 'TimeEntryEdited': {
      if (!row) return row;
      const d = e.data;
      return {
        ...row,
        date: d.date,
        project: d.project,
        task: d.task,
        minutes: d.minutes,
        comment: d.comment,
        updated_at: new Date(d.editedAt),
        stream_revision,
      };
    }
    case 'TimeEntryDeleted':
      return row && { ...row, deleted: true, updated_at: new Date(e.data.deletedAt), stream_revision };
    default:
      return row;
  }
}

export function evolveProject(row: ProjectRow | undefined, event: RecordedEvent): ProjectRow | undefined {
  if (applied(row?.revision, event)) return row;
  const e = eventOf(event);
  const revision = event.revision.toString();
  switch (e.type) {
    case 'ProjectOpened':
      return { code: e.data.code, name: e.data.name, status: 'open', updated_at: new Date(e.data.openedAt), revision };
    case 'ProjectClosed':
      return row && { ...row, status: 'closed', updated_at: new Date(e.data.closedAt), revision };
    case 'ProjectReopened':
      return row && { ...row, status: 'open', updated_at: new Date(e.data.reopenedAt), revision };
    default:
      return row;
  }
}

export function evolvePeriod(row: PeriodRow | undefined, event: RecordedEvent): PeriodRow | undefined {
  if (applied(row?.revision, event)) return row;
  const e = eventOf(event);
  const revision = event.revision.toString();
  switch (e.type) {
    case 'PeriodClosed': {
      const at = new Date(e.data.closedAt);
      const base = row ?? { period: e.data.period, reopened: 0, last_reason: null };
      return { ...base, status: 'closed', closed_by: e.data.closedBy, closed_at: at, updated_at: at, revision };
    }
    case 'PeriodReopened':
      return row && { ...row, status: 'open', reopened: row.reopened + 1, last_reason: e.data.reason, updated_at: new Date(e.data.reopenedAt), revision };
    default:
      return row;
  }
}

export function evolveLeave(row: LeaveRow | undefined, event: RecordedEvent): LeaveRow | undefined {
  if (applied(row?.revision, event)) return row;
  const e = eventOf(event);
  const revision = event.revision.toString();
  switch (e.type) {
    case 'LeaveRecorded': {
      const d = e.data;
      return {
        employee_id: d.employeeId,
        leave_id: d.leaveId,
        from: d.from,
        to: d.to,
        kind: d.kind,
        cancelled: false,
        recorded_by: d.recordedBy,
        updated_at: new Date(d.recordedAt),
        revision,
      };
    }
    case 'LeaveCancelled':
      return row && { ...row, cancelled: true, updated_at: new Date(e.data.cancelledAt), revision };
    default:
      return row;
  }
}
