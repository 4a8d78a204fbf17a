import { CALENDAR_REGION_PATTERN, DEFAULT_CALENDAR_REGION, type CalendarDay } from '@megabot/contracts';

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

/** An imported calendar as the read model keeps it. */
export interface RegionCalendar {
  region: string;
  year: number;
  days: readonly CalendarDay[];
}

/** The regions whose calendar applies to an office (an employee's or a room's), in order: the office's own, then the country's. */
export function calendarRegionsOf(office: string | null | undefined): string[] {
  const own = office?.trim().toLowerCase();
  return own && CALENDAR_REGION_PATTERN.test(own) && own !== DEFAULT_CALENDAR_REGION ? [own, DEFAULT_CALENDAR_REGION] : [DEFAULT_CALENDAR_REGION];
}

/**
 * The calendar of a date for a place: of the date's year, the first of
 * `regions` that has one imported; null (the usual Monday-Friday week) when
 * none has.
 */
export function calendarAt(calendars: readonly RegionCalendar[], regions: readonly string[]): (date: string) => WorkingCalendar | null {
  const byYear = new Map<number, WorkingCalendar | null>();
  return (date) => {
    const year = Number(date.slice(0, 4));
    if (!byYear.has(year)) {
      const found = regions.map((r) => calendars.find((c) => c.region === r && c.year === year)).find(Boolean);
      byYear.set(year, found ? workingCalendar(year, [...found.days]) : null);
    }
    return byYear.get(year)!;
  };
}

/** Working days of a place by its calendars (Monday to Friday in a year with none imported). */
export function workingDaysBy(calendars: readonly RegionCalendar[], regions: readonly string[]): (date: string) => boolean {
  const at = calendarAt(calendars, regions);
  return (date) => isWorkingDay(date, at(date));
}
