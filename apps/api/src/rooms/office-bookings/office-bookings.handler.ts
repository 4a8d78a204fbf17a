import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { OfficeBookingsView } from '@megabot/contracts';
import { RoomsErrors } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { BOOKING_SELECT, bookingFromRow, type Row } from '../rooms.read-model';

/** An office's bookings (or one room's) between two local dates, by start: what the admin site's calendars draw. */
export class OfficeBookingsQuery extends Query<OfficeBookingsView> {
  constructor(
    readonly officeId: string,
    readonly from: string,
    readonly to: string,
    readonly roomId: string | undefined,
    readonly withCancelled: boolean,
  ) {
    super();
  }
}

@QueryHandler(OfficeBookingsQuery)
export class OfficeBookingsHandler implements IQueryHandler<OfficeBookingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ officeId, from, to, roomId, withCancelled }: OfficeBookingsQuery): Promise<OfficeBookingsView> {
    const [office]: Row[] = await this.ds.query(`SELECT 1 FROM rooms.offices WHERE office_id = $1`, [officeId]);
    if (!office) throw RoomsErrors.officeNotFound(officeId);
    const rows: Row[] = await this.ds.query(
      `${BOOKING_SELECT}
       WHERE r.office_id = $1 AND b.date BETWEEN $2 AND $3 AND ($4::text IS NULL OR b.room_id = $4)
         AND (${withCancelled} OR b.status <> 'cancelled')
       ORDER BY b.start_at, r.name, b.booking_id`,
      [officeId, from, to, roomId ?? null],
    );
    // read by admins only (the route's policy): private titles are theirs to see
    return { officeId, from, to, items: rows.map((r) => bookingFromRow(r, undefined, true)) };
  }
}
