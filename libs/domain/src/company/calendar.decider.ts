import {
  CALENDAR_DAY_KINDS,
  CALENDAR_REGION_PATTERN,
  calendarIdOf,
  calendarStreamId,
  COMPANY_SCHEMA_VERSIONS,
  isAdmin,
  type Actor,
  type CalendarDay,
  type CalendarEvent,
} from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { CompanyErrors } from './company.errors';

/**
 * A production calendar of a region for a year (stream
 * `company-calendar-<region>-<year>`). Admins import it from a file (the
 * API reads the file, e.g. parseXmlCalendar); a new import replaces the
 * whole year, the same content again writes nothing.
 */
export interface ImportProductionCalendar {
  type: 'ImportProductionCalendar';
  region: string;
  year: number;
  days: readonly CalendarDay[];
  source: string;
  actor: Actor;
}
export type CalendarCommand = ImportProductionCalendar;

export type CalendarState = { status: 'none' } | { status: 'imported'; days: CalendarDay[]; source: string };
export const initialCalendarState: CalendarState = { status: 'none' };

export function evolveCalendar(state: CalendarState, event: CalendarEvent): CalendarState {
  return event.type === 'ProductionCalendarImported' ? { status: 'imported', days: event.data.days, source: event.data.source } : state;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

function checkDays(year: number, days: readonly CalendarDay[]): CalendarDay[] {
  const seen = new Set<string>();
  const out = days.map((d) => {
    if (!isDate(d.date) || !d.date.startsWith(`${year}-`)) throw CompanyErrors.invalidCalendar(`${d.date} is not a date of ${year}`);
    if (seen.has(d.date)) throw CompanyErrors.invalidCalendar(`${d.date} is listed twice`);
    seen.add(d.date);
    if (!CALENDAR_DAY_KINDS.includes(d.kind)) throw CompanyErrors.invalidCalendar(`${d.date}: unknown kind ${String(d.kind)}`);
    if (d.movedFrom !== null && !isDate(d.movedFrom)) throw CompanyErrors.invalidCalendar(`${d.date}: moved from ${d.movedFrom}, which is not a date`);
    return { date: d.date, kind: d.kind, title: d.title?.trim() || null, movedFrom: d.movedFrom };
  });
  if (!out.length) throw CompanyErrors.invalidCalendar('the calendar lists no days');
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

export function decideCalendar(state: CalendarState, c: CalendarCommand, now: Date): CalendarEvent[] {
  if (!isAdmin(c.actor)) throw CompanyErrors.adminRequired('import production calendars');
  if (!CALENDAR_REGION_PATTERN.test(c.region)) throw CompanyErrors.invalidField('region', 'must be a country code or an office id (lower case)');
  if (!Number.isInteger(c.year) || c.year < 1990 || c.year > 2100) throw CompanyErrors.invalidField('year', 'must be a year');
  const days = checkDays(c.year, c.days);
  const source = c.source.trim().slice(0, 200);
  if (state.status === 'imported' && JSON.stringify(state.days) === JSON.stringify(days)) return [];
  const calendarId = calendarIdOf(c.region, c.year);
  return [
    {
      type: 'ProductionCalendarImported',
      data: { calendarId, region: c.region, year: c.year, days, source, importedAt: now.toISOString(), importedBy: c.actor.employeeId },
    },
  ];
}

export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = {
  initialState: initialCalendarState,
  evolve: evolveCalendar,
  decide: decideCalendar,
};

export const calendarWriteSide: WriteSideDefinition<CalendarCommand, CalendarEvent, CalendarState> = {
  name: 'company.calendar',
  decider: calendarDecider,
  streamOf: (c) => calendarStreamId(calendarIdOf(c.region, c.year)),
  schemaVersionOf: versionsFrom(COMPANY_SCHEMA_VERSIONS),
};
