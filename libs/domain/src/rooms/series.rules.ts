import type { RecurrenceRule } from '@megabot/contracts';
import { RoomsErrors } from './rooms.errors';
import { addDays, daysBetween, isValidDate, parseHhmm, weekdayOf } from './zone';

/** Hard cap on the occurrences of one series (a daily series over a year of working days fits). */
export const MAX_SERIES_OCCURRENCES = 366;
/** The expansion never looks further than this past the start date. */
const MAX_SERIES_SPAN_DAYS = 2 * 366;

/** What a user asks for; resolveRecurrence fills in defaults and validates. */
export interface RecurrenceInput {
  frequency: 'daily' | 'weekly';
  interval?: number;
  weekdays?: number[];
  startDate: string;
  until?: string | null;
  count?: number | null;
  startTime: string;
  endTime: string;
}

/**
 * A stored rule: weekdays made explicit (daily: the room's working days;
 * weekly: the start date's weekday), interval 1 by default, exactly one of
 * until/count.
 */
export function resolveRecurrence(input: RecurrenceInput, workingDays: number[]): RecurrenceRule {
  if (input.frequency !== 'daily' && input.frequency !== 'weekly') throw RoomsErrors.invalidRecurrence('frequency', 'daily or weekly');
  const interval = input.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 52) throw RoomsErrors.invalidRecurrence('interval', 'a whole number from 1 to 52');
  if (!isValidDate(input.startDate)) throw RoomsErrors.invalidRecurrence('startDate', 'a date YYYY-MM-DD is required');
  const until = input.until ?? null;
  const count = input.count ?? null;
  if ((until === null) === (count === null)) throw RoomsErrors.invalidRecurrence('until', 'exactly one of until and count is required');
  if (until !== null && (!isValidDate(until) || until < input.startDate)) throw RoomsErrors.invalidRecurrence('until', 'a date not before startDate');
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > MAX_SERIES_OCCURRENCES)) {
    throw RoomsErrors.invalidRecurrence('count', `a whole number from 1 to ${MAX_SERIES_OCCURRENCES}`);
  }
  const weekdays = [...new Set(input.weekdays ?? (input.frequency === 'daily' ? workingDays : [weekdayOf(input.startDate)]))].sort((a, b) => a - b);
  if (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw RoomsErrors.invalidRecurrence('weekdays', 'ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
  const start = parseHhmm(input.startTime);
  const end = parseHhmm(input.endTime, true);
  if (start === null) throw RoomsErrors.invalidRecurrence('startTime', 'HH:MM is required');
  if (end === null || end <= start) throw RoomsErrors.invalidRecurrence('endTime', 'HH:MM after startTime is required');
  const rule: RecurrenceRule = {
    frequency: input.frequency,
    interval,
    weekdays,
    startDate: input.startDate,
    until,
    count,
    startTime: input.startTime,
    endTime: input.endTime,
  };
  const dates = expandRecurrence(rule);
  if (dates.length === 0) throw RoomsErrors.noOccurrences();
  if (until !== null && dates.length > MAX_SERIES_OCCURRENCES) throw RoomsErrors.invalidRecurrence('until', `at most ${MAX_SERIES_OCCURRENCES} occurrences`);
  return rule;
}

/** Monday of the ISO week of a date. */
const mondayOf = (date: string) => addDays(date, 1 - weekdayOf(date));

/** The local dates of a rule's occurrences, ascending (at most MAX_SERIES_OCCURRENCES + 1, to detect overlong rules). */
export function expandRecurrence(rule: RecurrenceRule): string[] {
  const dates: string[] = [];
  const firstMonday = mondayOf(rule.startDate);
  for (let i = 0; i <= MAX_SERIES_SPAN_DAYS; i++) {
    const date = addDays(rule.startDate, i);
    if (rule.until !== null && date > rule.until) break;
    if (rule.count !== null && dates.length >= rule.count) break;
    if (dates.length > MAX_SERIES_OCCURRENCES) break;
    if (!rule.weekdays.includes(weekdayOf(date))) continue;
    const active = rule.frequency === 'daily' ? i % rule.interval === 0 : Math.floor(daysBetween(firstMonday, mondayOf(date)) / 7) % rule.interval === 0;
    if (active) dates.push(date);
  }
  return dates;
}
