import { Injectable } from '@nestjs/common';
import type { DeskOccupantView, SeatView } from '@megabot/contracts';
import { RoomsErrors, SeatingErrors, toLocal } from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import { SEATING_PROJECTION, type DeskBookingRow, type DeskRow, type FloorPlanRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { personView } from '../directory/directory.cards';
import { DirectoryIndex } from '../directory/directory.index';

/*
 * Reading the seating read model (schema `seating`, written by the
 * projector) with the offices of the rooms read model and the people of the
 * directory's in-memory copy: only what every colleague may see of a person
 * (personView - the directory's privacy flags hide nothing more here, since
 * no hidden field is shown), and only active employees.
 */

const utcDate = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export type Office = { officeId: string; name: string; timeZone: string };

@Injectable()
export class SeatingReadModel {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
    private readonly directory: DirectoryIndex,
  ) {}

  /** Read-your-writes: waits for the seating projection, and the directory's copy (the people shown), to reach `position` (503 after the timeout). */
  async reach(position: string | undefined): Promise<void> {
    await Promise.all([this.progress.waitFor(SEATING_PROJECTION, position), this.directory.reach(position)]);
  }

  /** Read-your-writes for the rooms read model (a room booked a moment ago, from the Web App, is busy). */
  reachRooms(position: string | undefined): Promise<void> {
    return this.progress.waitFor('rooms', position);
  }

  async office(officeId: string): Promise<Office> {
    const [row] = await this.ds.query(`SELECT office_id, name, time_zone FROM rooms.offices WHERE office_id = $1`, [officeId]);
    if (!row) throw RoomsErrors.officeNotFound(officeId);
    return { officeId: row.office_id, name: row.name, timeZone: row.time_zone };
  }

  /** The office's local date now. */
  today(office: Pick<Office, 'timeZone'>, now = Date.now()): string {
    return toLocal(zoneOffsetsFromIntl(office.timeZone, now - 86_400_000, now + 86_400_000), now).date;
  }

  async plan(officeId: string, floor: number): Promise<FloorPlanRow> {
    const [row] = await this.ds.query(`SELECT * FROM seating.plans WHERE office_id = $1 AND floor = $2`, [officeId, floor]);
    if (!row) throw SeatingErrors.planNotFound(officeId, floor);
    return row;
  }

  desks(officeId: string, floor: number): Promise<DeskRow[]> {
    return this.ds.query(`SELECT * FROM seating.desks WHERE office_id = $1 AND floor = $2 AND on_plan ORDER BY desk_id`, [officeId, floor]);
  }

  /** Active bookings of a floor's desks on a date. */
  bookings(officeId: string, floor: number, date: string): Promise<DeskBookingRow[]> {
    return this.ds.query(`SELECT * FROM seating.desk_bookings WHERE office_id = $1 AND floor = $2 AND date = $3 AND status = 'booked'`, [
      officeId,
      floor,
      date,
    ]);
  }

  /** Who uses each desk on `date`: the booker of a hot desk, the employee of an assigned one (active employees only). */
  occupants(desks: DeskRow[], bookings: DeskBookingRow[]): Map<string, DeskOccupantView> {
    const out = new Map<string, DeskOccupantView>();
    const booked = new Map(bookings.map((b) => [b.desk_id, b]));
    for (const d of desks) {
      const b = booked.get(d.desk_id);
      const employeeId = d.kind === 'assigned' ? d.assignee_id : (b?.employee_id ?? null);
      const row = employeeId ? this.directory.active(employeeId) : undefined;
      if (row)
        out.set(d.desk_id, { ...personView(row), via: d.kind === 'assigned' ? 'assigned' : 'booked', bookingId: d.kind === 'assigned' ? null : b!.booking_id });
    }
    return out;
  }

  /** Where each of these employees sits: their assigned desk and their bookings of `date` (a date per office: today there when absent). */
  async seats(employeeIds: string[], date: string | undefined): Promise<Map<string, SeatView[]>> {
    const out = new Map<string, SeatView[]>(employeeIds.map((id) => [id, []]));
    if (!employeeIds.length) return out;
    const assigned: DeskRow[] = await this.ds.query(`SELECT * FROM seating.desks WHERE assignee_id = ANY($1) AND on_plan`, [employeeIds]);
    const booked: (DeskBookingRow & { label: string | null; time_zone: string })[] = await this.ds.query(
      `SELECT b.*, d.label, o.time_zone FROM seating.desk_bookings b
         JOIN rooms.offices o ON o.office_id = b.office_id
         LEFT JOIN seating.desks d ON d.office_id = b.office_id AND d.floor = b.floor AND d.desk_id = b.desk_id
       WHERE b.employee_id = ANY($1) AND b.status = 'booked' AND b.date BETWEEN $2 AND $3 ORDER BY b.date`,
      // Without a date: today in each office, somewhere within a day of today in UTC.
      [employeeIds, date ?? utcDate(-1), date ?? utcDate(1)],
    );
    for (const b of booked) {
      if (b.date !== (date ?? this.today({ timeZone: b.time_zone }))) continue;
      out.get(b.employee_id)!.push({ officeId: b.office_id, floor: b.floor, deskId: b.desk_id, label: b.label ?? b.desk_id, via: 'booked', date: b.date });
    }
    for (const d of assigned) {
      out.get(d.assignee_id!)!.push({ officeId: d.office_id, floor: d.floor, deskId: d.desk_id, label: d.label, via: 'assigned', date: null });
    }
    return out;
  }
}
