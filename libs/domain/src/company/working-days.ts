import type { CalendarDay } from '@megabot/contracts';

/**
 * Working days by a production calendar: Monday to Friday work, Saturday
 * and Sunday rest, except the days the calendar lists (holidays, shortened
 * eves, weekend days moved to work). Pure: the timesheets' reminders and
 * the rooms' booking offers ask the same question the same way.
 */
export interface WorkingCalendar {
  year: number;
  /** The calendar's exceptions by date (YYYY-MM-DD). */
  days: ReadonlyMap<string, CalendarDay>;
}

export function workingCalendar(year: number, days: readonly CalendarDay[]): WorkingCalendar {
  return { year, days: new Map(days.map((d) => [d.date, d])) };
}

const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday

/**
 * Whether `date` (YYYY-MM-DD) is a working day. A date outside the
 * calendar's year (or with no calendar) follows the usual week.
 */
export function isWorkingDay(date: string, calendar: WorkingCalendar | null | undefined): boolean {
  const listed = calendar?.days.get(date);
  if (listed) return listed.kind !== 'holiday';
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/** Working hours of the day for a normal day of `normalHours` (default 8): 0 off, one less on a shortened day. */
export function workingHours(date: string, calendar: WorkingCalendar | null | undefined, normalHours = 8): number {
  if (!isWorkingDay(date, calendar)) return 0;
  return calendar?.days.get(date)?.kind === 'shortened' ? normalHours - 1 : normalHours;
}

/** Totals of a year by the calendar: working days, days off, shortened days, working hours (40-hour week). */
export function yearSummary(calendar: WorkingCalendar): { workingDays: number; daysOff: number; shortenedDays: number; workingHours: number } {
  let workingDays = 0;
  let shortenedDays = 0;
  let hours = 0;
  const start = Date.UTC(calendar.year, 0, 1);
  const end = Date.UTC(calendar.year + 1, 0, 1);
  for (let t = start; t < end; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const h = workingHours(date, calendar);
    if (h > 0) workingDays++;
    if (h === 7) shortenedDays++;
    hours += h;
  }
  const total = Math.round((end - start) / 86_400_000);
  return { workingDays, daysOff: total - workingDays, shortenedDays, workingHours: hours };
}
