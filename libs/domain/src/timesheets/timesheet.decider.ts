import {
  isAdmin,
  MAX_COMMENT_LENGTH,
  MAX_MINUTES_PER_DAY,
  MAX_TASK_LENGTH,
  periodOfDate,
  PROJECT_CODE_PATTERN,
  TIMESHEETS_SCHEMA_VERSIONS,
  timesheetStreamId,
  type Actor,
  type TimeEntryFields,
  type TimesheetEvent,
} from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { isValidDate, latestToday } from './timesheets.dates';
import { TimesheetsErrors } from './timesheets.errors';

/* ------------------------------------------------------------------ context */

/** The employee's current (or last) employment, as identity says it: dates, and the projects they are assigned to. */
export interface Employment {
  hiredOn: string;
  /** The last day of employment; null while employed. */
  dismissedOn: string | null;
  /** Identity's `EmployeeRecord.projects`. */
  projects: readonly string[];
}

/**
 * What a timesheet command is decided with besides its own stream, loaded by
 * the handler: the employment (null: no such employee), whether the period is
 * closed, and the status of each project the command names.
 */
export interface TimesheetContext {
  employment: Employment | null;
  periodClosed: boolean;
  projects: Readonly<Record<string, 'open' | 'closed'>>;
}

/* ----------------------------------------------------------------- commands */

export interface NewTimeEntry {
  entryId: string;
  date: string;
  project: string;
  task?: string | null;
  minutes: number;
  comment?: string;
}
interface TimesheetCommandBase {
  employeeId: string;
  /** `YYYY-MM`: the stream. */
  period: string;
  context: TimesheetContext;
  actor: Actor;
}
/** One entry or several (copy of a week): all or nothing. */
export interface LogTime extends TimesheetCommandBase {
  type: 'LogTime';
  entries: NewTimeEntry[];
}
export type TimeEntryChanges = Partial<Omit<NewTimeEntry, 'entryId'>>;
export interface EditTimeEntry extends TimesheetCommandBase {
  type: 'EditTimeEntry';
  entryId: string;
  changes: TimeEntryChanges;
}
export interface DeleteTimeEntry extends TimesheetCommandBase {
  type: 'DeleteTimeEntry';
  entryId: string;
}
export type TimesheetCommand = LogTime | EditTimeEntry | DeleteTimeEntry;

/* -------------------------------------------------------------------- state */

export interface TimesheetState {
  /** Live entries by id, in the order they were logged. */
  entries: Readonly<Record<string, TimeEntryFields>>;
}
export const initialTimesheetState: TimesheetState = Object.freeze({ entries: Object.freeze({}) });

const fieldsOf = (d: TimeEntryFields): TimeEntryFields => ({
  entryId: d.entryId,
  date: d.date,
  project: d.project,
  task: d.task,
  minutes: d.minutes,
  comment: d.comment,
});

export function evolveTimesheet(state: TimesheetState, event: TimesheetEvent): TimesheetState {
  switch (event.type) {
    case 'TimeLogged':
    case 'TimeEntryEdited':
      return { entries: { ...state.entries, [event.data.entryId]: fieldsOf(event.data) } };
    case 'TimeEntryDeleted': {
      const { [event.data.entryId]: _gone, ...entries } = state.entries;
      return { entries };
    }
    default:
      return state;
  }
}

/** Minutes logged on each date of the state. */
export function minutesByDate(state: TimesheetState): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of Object.values(state.entries)) totals.set(e.date, (totals.get(e.date) ?? 0) + e.minutes);
  return totals;
}

/* ------------------------------------------------------------------- decide */

const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function checkEntry(e: NewTimeEntry, c: TimesheetCommand, now: Date): TimeEntryFields {
  if (typeof e.date !== 'string' || !isValidDate(e.date)) throw TimesheetsErrors.invalid('date', `"${e.date}" is not a date YYYY-MM-DD`);
  if (periodOfDate(e.date) !== c.period) throw TimesheetsErrors.wrongPeriod(e.date, c.period);
  if (e.date > latestToday(now)) throw TimesheetsErrors.futureDate(e.date);
  if (!Number.isInteger(e.minutes) || e.minutes < 1 || e.minutes > MAX_MINUTES_PER_DAY)
    throw TimesheetsErrors.invalid('minutes', `must be a whole number of minutes from 1 to ${MAX_MINUTES_PER_DAY}`);
  const task = e.task == null ? null : String(e.task).trim() || null;
  if (task !== null && task.length > MAX_TASK_LENGTH) throw TimesheetsErrors.invalid('task', `at most ${MAX_TASK_LENGTH} characters`);
  const comment = (e.comment ?? '').trim();
  if (comment.length > MAX_COMMENT_LENGTH) throw TimesheetsErrors.invalid('comment', `at most ${MAX_COMMENT_LENGTH} characters`);
  if (typeof e.project !== 'string' || !PROJECT_CODE_PATTERN.test(e.project)) throw TimesheetsErrors.invalid('project', `"${e.project}" is not a project code`);

  const employment = c.context.employment;
  if (!employment) throw TimesheetsErrors.employeeNotFound(c.employeeId);
  if (e.date < employment.hiredOn) throw TimesheetsErrors.beforeHire(e.date, employment.hiredOn);
  if (employment.dismissedOn !== null && e.date > employment.dismissedOn) throw TimesheetsErrors.afterDismissal(e.date, employment.dismissedOn);
  const status = c.context.projects[e.project];
  if (!status) throw TimesheetsErrors.projectNotFound(e.project);
  if (status === 'closed') throw TimesheetsErrors.projectClosed(e.project);
  if (!employment.projects.includes(e.project)) throw TimesheetsErrors.notAssigned(e.project);
  return { entryId: e.entryId, date: e.date, project: e.project, task, minutes: e.minutes, comment };
}

/** Throws when a date of `after` holds more than 24 h. */
function checkDayLimits(after: TimesheetState, dates: Iterable<string>): void {
  const totals = minutesByDate(after);
  for (const date of new Set(dates)) {
    const total = totals.get(date) ?? 0;
    if (total > MAX_MINUTES_PER_DAY) throw TimesheetsErrors.dayLimit(date, total, MAX_MINUTES_PER_DAY);
  }
}

export function decideTimesheet(state: TimesheetState, c: TimesheetCommand, now: Date): TimesheetEvent[] {
  if (c.actor.employeeId !== c.employeeId && !isAdmin(c.actor)) throw TimesheetsErrors.notYourTimesheet(c.employeeId);
  if (c.context.periodClosed) throw TimesheetsErrors.periodClosed(c.period);
  const at = now.toISOString();
  const by = c.actor.employeeId;

  if (c.type === 'LogTime') {
    if (!Array.isArray(c.entries) || c.entries.length === 0) throw TimesheetsErrors.nothingToLog();
    const events: TimesheetEvent[] = [];
    let after = state;
    for (const raw of c.entries) {
      if (typeof raw.entryId !== 'string' || !ENTRY_ID.test(raw.entryId)) throw TimesheetsErrors.invalid('entryId', 'must be 1-64 letters, digits, "_" or "-"');
      if (after.entries[raw.entryId]) throw TimesheetsErrors.entryExists(raw.entryId);
      const entry = checkEntry(raw, c, now);
      const event: TimesheetEvent = { type: 'TimeLogged', data: { ...entry, employeeId: c.employeeId, loggedBy: by, loggedAt: at } };
      after = evolveTimesheet(after, event);
      events.push(event);
    }
    checkDayLimits(
      after,
      c.entries.map((e) => e.date),
    );
    return events;
  }

  const current = state.entries[c.entryId];
  if (!current) throw TimesheetsErrors.entryNotFound(c.entryId);

  if (c.type === 'DeleteTimeEntry') {
    const { entryId, date, project, minutes } = current;
    return [{ type: 'TimeEntryDeleted', data: { employeeId: c.employeeId, entryId, date, project, minutes, deletedBy: by, deletedAt: at } }];
  }

  const proposed = { ...current, ...definedOnly(c.changes), entryId: current.entryId };
  const entry = checkEntry(proposed, c, now);
  const changed = (['date', 'project', 'task', 'minutes', 'comment'] as const).filter((k) => entry[k] !== current[k]);
  if (changed.length === 0) return [];
  const event: TimesheetEvent = { type: 'TimeEntryEdited', data: { ...entry, employeeId: c.employeeId, changed, editedBy: by, editedAt: at } };
  checkDayLimits(evolveTimesheet(state, event), [entry.date]);
  return [event];
}

function definedOnly(changes: TimeEntryChanges): TimeEntryChanges {
  return Object.fromEntries(Object.entries(changes ?? {}).filter(([, v]) => v !== undefined)) as TimeEntryChanges;
}

export const timesheetDecider: Decider<TimesheetCommand, TimesheetEvent, TimesheetState> = {
  initialState: initialTimesheetState,
  evolve: evolveTimesheet,
  decide: decideTimesheet,
};

export const timesheetWriteSide: WriteSideDefinition<TimesheetCommand, TimesheetEvent, TimesheetState> = {
  name: 'timesheets.timesheet',
  decider: timesheetDecider,
  streamOf: (c) => timesheetStreamId(c.employeeId, c.period),
  schemaVersionOf: versionsFrom(TIMESHEETS_SCHEMA_VERSIONS),
  // The context is loaded again on a retry and may have changed (a project closed since): a retry is the same command whatever it says.
  fingerprint: ({ context: _context, ...rest }) => rest,
};
