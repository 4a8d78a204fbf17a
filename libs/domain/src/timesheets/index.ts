/**
 * Time logging: an employee's time per month (timesheet streams), admin
 * projects and period closing, the free-text parser, and working days.
 */
export * from './timesheets.errors';
export { datesBetween, latestToday, mondayOf, mondayToFriday, utcDateOf, weekOf, type WorkingDayPredicate } from './timesheets.dates';
export * from './timesheet.decider';
export * from './project.decider';
export * from './period.decider';
export * from './leave.decider';
export * from './employment';
export * from './time-text.parser';
