import type { EmployeeState } from '../identity/employee.decider';
import { utcDateOf } from './timesheets.dates';
import type { Employment } from './timesheet.decider';

/**
 * The employment a timesheet is checked against, from the employee's folded
 * identity stream: the current (or last) employment's first and last days
 * (UTC dates of hiredAt / dismissedAt) and the projects they are assigned to.
 * Null for an unknown employee. Time of an earlier employment (before a
 * rehire) counts as before the hire: such months are normally closed anyway.
 */
export function employmentOf(state: EmployeeState): Employment | null {
  if (state.status === 'none') return null;
  return {
    hiredOn: utcDateOf(state.hiredAt),
    dismissedOn: state.dismissedAt === null ? null : utcDateOf(state.dismissedAt),
    projects: state.record.projects,
  };
}
