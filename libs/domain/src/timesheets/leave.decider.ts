import {
  isAdmin,
  LEAVE_ID_PATTERN,
  LEAVE_KINDS,
  leaveStreamId,
  TIMESHEET_DATE_PATTERN,
  TIMESHEETS_SCHEMA_VERSIONS,
  type Actor,
  type LeaveEvent,
  type LeaveKind,
} from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { TimesheetsErrors } from './timesheets.errors';

/**
 * Stream `leave-<employeeId>`: the employee's leave (vacation, sick leave),
 * recorded by admins. Days on leave are not expected to be logged: the
 * reminders and the working days of the summaries leave them out. Leave may
 * overlap (a sick leave inside a vacation); the same leave id recorded again
 * with the same days writes nothing, with other days it is a conflict.
 */
export interface RecordLeave {
  type: 'RecordLeave';
  employeeId: string;
  leaveId: string;
  from: string;
  to: string;
  kind: LeaveKind;
  actor: Actor;
}
export interface CancelLeave {
  type: 'CancelLeave';
  employeeId: string;
  leaveId: string;
  actor: Actor;
}
export type LeaveCommand = RecordLeave | CancelLeave;

export interface LeavePeriod {
  from: string;
  to: string;
  kind: LeaveKind;
  cancelled: boolean;
}
export interface LeaveState {
  leave: Readonly<Record<string, LeavePeriod>>;
}
export const initialLeaveState: LeaveState = Object.freeze({ leave: {} });

export function evolveLeave(state: LeaveState, event: LeaveEvent): LeaveState {
  switch (event.type) {
    case 'LeaveRecorded': {
      const { leaveId, from, to, kind } = event.data;
      return { leave: { ...state.leave, [leaveId]: { from, to, kind, cancelled: false } } };
    }
    case 'LeaveCancelled': {
      const l = state.leave[event.data.leaveId];
      return l ? { leave: { ...state.leave, [event.data.leaveId]: { ...l, cancelled: true } } } : state;
    }
    default:
      return state;
  }
}

const isDate = (v: string) => TIMESHEET_DATE_PATTERN.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
/** The longest leave recorded at once (a year): longer is a typo. */
const MAX_LEAVE_DAYS = 366;

export function decideLeave(state: LeaveState, c: LeaveCommand, now: Date): LeaveEvent[] {
  if (!isAdmin(c.actor)) throw TimesheetsErrors.adminRequired(c.type === 'RecordLeave' ? 'record leave' : 'cancel leave');
  if (!LEAVE_ID_PATTERN.test(c.leaveId)) throw TimesheetsErrors.invalid('leaveId', 'must be 1-64 letters, digits, "_" or "-"');
  const at = now.toISOString();
  const existing = state.leave[c.leaveId];
  if (c.type === 'CancelLeave') {
    if (!existing) throw TimesheetsErrors.leaveNotFound(c.leaveId);
    return existing.cancelled
      ? []
      : [{ type: 'LeaveCancelled', data: { employeeId: c.employeeId, leaveId: c.leaveId, cancelledBy: c.actor.employeeId, cancelledAt: at } }];
  }
  if (!isDate(c.from)) throw TimesheetsErrors.invalid('from', 'must be a date YYYY-MM-DD');
  if (!isDate(c.to)) throw TimesheetsErrors.invalid('to', 'must be a date YYYY-MM-DD');
  if (c.to < c.from) throw TimesheetsErrors.invalid('to', 'must not be before from');
  if ((Date.parse(c.to) - Date.parse(c.from)) / 86_400_000 + 1 > MAX_LEAVE_DAYS) throw TimesheetsErrors.invalid('to', `at most ${MAX_LEAVE_DAYS} days at once`);
  if (!LEAVE_KINDS.includes(c.kind)) throw TimesheetsErrors.invalid('kind', `must be one of ${LEAVE_KINDS.join(', ')}`);
  if (existing) {
    if (existing.from === c.from && existing.to === c.to && existing.kind === c.kind && !existing.cancelled) return [];
    throw TimesheetsErrors.leaveExists(c.leaveId);
  }
  return [
    {
      type: 'LeaveRecorded',
      data: { employeeId: c.employeeId, leaveId: c.leaveId, from: c.from, to: c.to, kind: c.kind, recordedBy: c.actor.employeeId, recordedAt: at },
    },
  ];
}

/** Whether `date` falls in one of the (not cancelled) leave periods. */
export function onLeave(date: string, leave: readonly { from: string; to: string }[]): boolean {
  return leave.some((l) => l.from <= date && date <= l.to);
}

/** The days an employee is expected to log time on: the working days of their calendar, less their leave. */
export function daysToLog(working: (date: string) => boolean, leave: readonly { from: string; to: string }[]): (date: string) => boolean {
  return (date) => working(date) && !onLeave(date, leave);
}

export const leaveDecider: Decider<LeaveCommand, LeaveEvent, LeaveState> = {
  initialState: initialLeaveState,
  evolve: evolveLeave,
  decide: decideLeave,
};

export const leaveWriteSide: WriteSideDefinition<LeaveCommand, LeaveEvent, LeaveState> = {
  name: 'timesheets.leave',
  decider: leaveDecider,
  streamOf: (c) => leaveStreamId(c.employeeId),
  schemaVersionOf: versionsFrom(TIMESHEETS_SCHEMA_VERSIONS),
};
