import { DomainError } from '../shared/domain-error';

/**
 * Every rejection of the time-logging feature, with a stable `timesheets.*`
 * code. conflict = depends on the current state (the period is closed, the
 * day is full...), unprocessable = can never succeed as written, not_found =
 * no such entry / project / employee.
 */
export const TimesheetsErrors = {
  adminRequired: (action: string) => new DomainError('timesheets.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  notYourTimesheet: (employeeId: string) =>
    new DomainError('timesheets.not_your_timesheet', 'unprocessable', `Only ${employeeId} or an admin may change this timesheet`, { employeeId }),
  invalid: (field: string, message: string) => new DomainError('timesheets.invalid', 'unprocessable', `${field}: ${message}`, { field }),
  wrongPeriod: (date: string, period: string) =>
    new DomainError('timesheets.wrong_period', 'unprocessable', `${date} is not in the period ${period}`, { date, period }),
  futureDate: (date: string) => new DomainError('timesheets.future_date', 'unprocessable', `Time cannot be logged ahead, on ${date}`, { date }),
  employeeNotFound: (employeeId: string) =>
    new DomainError('timesheets.employee_not_found', 'not_found', `Employee ${employeeId} does not exist`, { employeeId }),
  beforeHire: (date: string, hiredOn: string) =>
    new DomainError('timesheets.before_hire', 'unprocessable', `${date} is before the hire date ${hiredOn}`, { date, hiredOn }),
  afterDismissal: (date: string, dismissedOn: string) =>
    new DomainError('timesheets.after_dismissal', 'unprocessable', `${date} is after the dismissal on ${dismissedOn}`, { date, dismissedOn }),
  projectNotFound: (project: string) => new DomainError('timesheets.project_not_found', 'not_found', `Project ${project} does not exist`, { project }),
  projectExists: (project: string) => new DomainError('timesheets.project_exists', 'conflict', `Project ${project} already exists`, { project }),
  projectClosed: (project: string) => new DomainError('timesheets.project_closed', 'conflict', `Project ${project} is closed`, { project }),
  notAssigned: (project: string) => new DomainError('timesheets.not_assigned', 'unprocessable', `You are not assigned to the project ${project}`, { project }),
  dayLimit: (date: string, minutes: number, maximum: number) =>
    new DomainError('timesheets.day_limit', 'conflict', `${date} would have ${minutes} minutes; at most ${maximum} a day`, { date, minutes, maximum }),
  periodClosed: (period: string) => new DomainError('timesheets.period_closed', 'conflict', `The period ${period} is closed`, { period }),
  periodNotClosed: (period: string) => new DomainError('timesheets.period_not_closed', 'conflict', `The period ${period} is not closed`, { period }),
  reasonRequired: () => new DomainError('timesheets.reason_required', 'unprocessable', 'Reopening a period needs a reason', { field: 'reason' }),
  entryNotFound: (entryId: string) => new DomainError('timesheets.entry_not_found', 'not_found', `Time entry ${entryId} does not exist`, { entryId }),
  entryExists: (entryId: string) => new DomainError('timesheets.entry_exists', 'conflict', `Time entry ${entryId} already exists`, { entryId }),
  leaveNotFound: (leaveId: string) => new DomainError('timesheets.leave_not_found', 'not_found', `No leave ${leaveId}`, { leaveId }),
  leaveExists: (leaveId: string) =>
    new DomainError('timesheets.leave_exists', 'conflict', `Leave ${leaveId} is already recorded with other days; cancel it and record a new one`, { leaveId }),
  nothingToLog: () => new DomainError('timesheets.nothing_to_log', 'unprocessable', 'No time entries given', {}),
};
