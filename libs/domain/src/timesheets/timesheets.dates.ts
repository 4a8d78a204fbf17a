/**
 * Calendar arithmetic on `YYYY-MM-DD` strings (the rooms feature's, UTC-based so
 * no zone can shift a day) and the working-day predicate the feature is given.
 */
import { addDays, isValidDate, weekdayOf } from '../rooms/zone';

export { addDays, isValidDate, weekdayOf };

/** The Monday of the date's week. */
export const mondayOf = (date: string): string => addDays(date, 1 - weekdayOf(date));
/** The seven dates Monday..Sunday of the date's week. */
export const weekOf = (date: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(mondayOf(date), i));
/** Dates from `from` to `to`, both included. */
export const datesBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
/** The calendar date of an instant in UTC. */
export const utcDateOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);
/**
 * The latest date that is "today" somewhere on earth at `now` (UTC+14): the
 * decider cannot know the employee's zone, and must not refuse their today.
 */
export const latestToday = (now: Date): string => utcDateOf(new Date(now.getTime() + 14 * 3_600_000));

/**
 * Whether a date is a working day. The feature is given one: Monday to Friday
 * by default; the company calendar (holidays, shortened days, working
 * weekends) replaces it where it is wired.
 */
export type WorkingDayPredicate = (date: string) => boolean;
export const mondayToFriday: WorkingDayPredicate = (date) => weekdayOf(date) <= 5;
