import { calendarAt, calendarRegionsOf, daysToLog, isWorkingDay, type RegionCalendar, type WorkingCalendar } from '@megabot/domain';
import type { DataSource } from 'typeorm';

/**
 * Working days from the read side, for the API (timesheets' summaries and
 * copy, rooms' bookings) and the projector (timesheet reminders): the
 * imported production calendar of the place - an office's own calendar
 * (region = office id), else the country's (DEFAULT_CALENDAR_REGION) - and
 * Monday to Friday in a year with none imported. One query per table per
 * call, however many employees.
 */
export class WorkingDaysReader {
  constructor(private readonly ds: DataSource) {}

  /** The days each employee is expected to log time on: their office's working days less their leave (unknown employees: the country's). */
  async daysToLog(employeeIds: readonly string[]): Promise<(employeeId: string) => (date: string) => boolean> {
    const ids = [...new Set(employeeIds)];
    const people: { employee_id: string; office: string | null }[] = ids.length
      ? await this.ds.query(`SELECT employee_id, office FROM identity.employees WHERE employee_id = ANY ($1)`, [ids])
      : [];
    const leave: { employee_id: string; from: string; to: string }[] = ids.length
      ? await this.ds.query(`SELECT employee_id, "from", "to" FROM timesheets.leaves WHERE employee_id = ANY ($1) AND NOT cancelled`, [ids])
      : [];
    const officeOf = new Map(people.map((p) => [p.employee_id, p.office]));
    const calendars = await this.calendars([...calendarRegionsOf(null), ...people.flatMap((p) => calendarRegionsOf(p.office))]);
    return (employeeId) => {
      const at = calendarAt(calendars, calendarRegionsOf(officeOf.get(employeeId)));
      return daysToLog(
        (date) => isWorkingDay(date, at(date)),
        leave.filter((l) => l.employee_id === employeeId),
      );
    };
  }

  /** The calendar of an office (a rooms office id) for any date: null where none applies (the usual week). */
  async ofOffice(officeId: string): Promise<(date: string) => WorkingCalendar | null> {
    const regions = calendarRegionsOf(officeId);
    return calendarAt(await this.calendars(regions), regions);
  }

  private async calendars(regions: readonly string[]): Promise<RegionCalendar[]> {
    return this.ds.query(`SELECT region, year, days FROM company.calendars WHERE region = ANY ($1)`, [[...new Set(regions)]]);
  }
}
