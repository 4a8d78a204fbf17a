import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MyBookingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { BOOKING_SELECT, bookingFromRow, type Row } from '../rooms.read-model';

/** An employee's bookings as organizer or attendee: upcoming and in progress, or (`past`) all, newest first. */
export class MyBookingsQuery extends Query<MyBookingsView> {
  constructor(
    readonly employeeId: string,
    readonly past: boolean,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(MyBookingsQuery)
export class MyBookingsHandler implements IQueryHandler<MyBookingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, past, limit }: MyBookingsQuery): Promise<MyBookingsView> {
    const rows: Row[] = await this.ds.query(
      `${BOOKING_SELECT}
       WHERE (b.organizer_id = $1 OR $1 = ANY (b.attendees))
         AND ${past ? 'true' : `b.status IN ('booked', 'checked_in') AND b.end_at > now()`}
       ORDER BY ${past ? 'b.start_at DESC' : 'b.start_at'} LIMIT $2`,
      [employeeId, limit],
    );
    return { items: rows.map((r) => bookingFromRow(r, employeeId, false)) };
  }
}
