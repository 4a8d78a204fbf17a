/**
 * Events of the time-logging feature. Three kinds of streams:
 *
 *   timesheet-<employeeId>-<YYYY-MM>  one employee's time in one month (the period):
 *                                     TimeLogged, TimeEntryEdited, TimeEntryDeleted
 *   timesheetperiod-<YYYY-MM>         whether the month is closed (admins):
 *                                     PeriodClosed, PeriodReopened (with a reason)
 *   project-<code>                    a project time can be logged to (admins):
 *                                     ProjectOpened, ProjectClosed, ProjectReopened
 *   leave-<employeeId>                an employee's leave periods (admins record them):
 *                                     LeaveRecorded, LeaveCancelled; days on leave are
 *                                     not expected to be logged (no reminders)
 *
 * Why a stream per employee and month: the decider sees every entry of the
 * employee's days in that month, so "at most 24 h a day" holds against
 * concurrent writers (the append is made at the revision decided on). The
 * month is the unit admins close. An entry never moves to another month
 * (delete it and log it again).
 *
 * Who is assigned to a project is not kept here: it is identity's
 * `EmployeeRecord.projects` (the same codes), so access control, the
 * directory and time logging never disagree.
 *
 * Dates are calendar dates `YYYY-MM-DD` (the employee's day, as they say it);
 * `...At` stamps are UTC instants. Durations are whole minutes.
 */

export const TIMESHEET_STREAM_PREFIX = 'timesheet-';
export const TIMESHEET_PERIOD_STREAM_PREFIX = 'timesheetperiod-';
export const PROJECT_STREAM_PREFIX = 'project-';
export const timesheetStreamId = (employeeId: string, period: string) => `${TIMESHEET_STREAM_PREFIX}${employeeId}-${period}`;
export const timesheetPeriodStreamId = (period: string) => `${TIMESHEET_PERIOD_STREAM_PREFIX}${period}`;
export const projectStreamId = (code: string) => `${PROJECT_STREAM_PREFIX}${code}`;
export const LEAVE_STREAM_PREFIX = 'leave-';
export const leaveStreamId = (employeeId: string) => `${LEAVE_STREAM_PREFIX}${employeeId}`;

/** A period is a calendar month `YYYY-MM`. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const TIMESHEET_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Project codes are identity's project codes (the same pattern). */
export const PROJECT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** At most this much time on one day, over all entries. */
export const MAX_MINUTES_PER_DAY = 24 * 60;
export const MAX_TASK_LENGTH = 64;
export const MAX_COMMENT_LENGTH = 500;

export const periodOfDate = (date: string) => date.slice(0, 7);

/** The zone of an employee whose office is not a rooms office with a time zone (their "today", the reminders' hour). */
export const TIMESHEETS_DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** One piece of logged time as the events carry it (after the change, for an edit). */
export interface TimeEntryFields {
  entryId: string;
  /** The day the time was spent. */
  date: string;
  project: string;
  /** A task key or name (`ACME-123`, `review`); null when none. */
  task: string | null;
  minutes: number;
  /** Free text ('' when none). */
  comment: string;
}

/* ------------------------------------------------ timesheet-<employee>-<month> */

export interface TimeLogged {
  type: 'TimeLogged';
  data: TimeEntryFields & { employeeId: string; loggedBy: string; loggedAt: string };
}
/** The entry after the change; `changed` names the fields that changed (an edit that changes nothing writes no event). */
export interface TimeEntryEdited {
  type: 'TimeEntryEdited';
  data: TimeEntryFields & { employeeId: string; changed: string[]; editedBy: string; editedAt: string };
}
export interface TimeEntryDeleted {
  type: 'TimeEntryDeleted';
  data: { employeeId: string; entryId: string; date: string; project: string; minutes: number; deletedBy: string; deletedAt: string };
}
export type TimesheetEvent = TimeLogged | TimeEntryEdited | TimeEntryDeleted;

/* ---------------------------------------------------- timesheetperiod-<month> */

/** No entry of this month can be logged, edited or deleted any more, by anyone. */
export interface PeriodClosed {
  type: 'PeriodClosed';
  data: { period: string; closedBy: string; closedAt: string };
}
/** The month is open again; the reason is kept for auditors. */
export interface PeriodReopened {
  type: 'PeriodReopened';
  data: { period: string; reason: string; reopenedBy: string; reopenedAt: string };
}
export type TimesheetPeriodEvent = PeriodClosed | PeriodReopened;

/* ----------------------------------------------------------- project-<code> */

export interface ProjectOpened {
  type: 'ProjectOpened';
  data: { code: string; name: string; openedBy: string; openedAt: string };
}
/** No new time on the project; what was logged stays. */
export interface ProjectClosed {
  type: 'ProjectClosed';
  data: { code: string; closedBy: string; closedAt: string };
}
export interface ProjectReopened {
  type: 'ProjectReopened';
  data: { code: string; reopenedBy: string; reopenedAt: string };
}
export type ProjectEvent = ProjectOpened | ProjectClosed | ProjectReopened;

/* ---------------------------------------------------------- leave-<employee> */

export const LEAVE_KINDS = ['vacation', 'sick', 'other'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The employee is away from `from` to `to` (dates, both included). */
export interface LeaveRecorded {
  type: 'LeaveRecorded';
  data: { employeeId: string; leaveId: string; from: string; to: string; kind: LeaveKind; recordedBy: string; recordedAt: string };
}
export interface LeaveCancelled {
  type: 'LeaveCancelled';
  data: { employeeId: string; leaveId: string; cancelledBy: string; cancelledAt: string };
}
export type LeaveEvent = LeaveRecorded | LeaveCancelled;

export type TimesheetsEvent = TimesheetEvent | TimesheetPeriodEvent | ProjectEvent | LeaveEvent;

/** Schema version 1 for every event of the feature. */
export const TIMESHEETS_SCHEMA_VERSIONS: Readonly<Record<TimesheetsEvent['type'], number>> = {
  TimeLogged: 1,
  TimeEntryEdited: 1,
  TimeEntryDeleted: 1,
  PeriodClosed: 1,
  PeriodReopened: 1,
  ProjectOpened: 1,
  ProjectClosed: 1,
  ProjectReopened: 1,
  LeaveRecorded: 1,
  LeaveCancelled: 1,
};
