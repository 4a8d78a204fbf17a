import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MyDeskBookingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { SeatingReadModel } from '../seating.read-model';

export class MyDeskBookingsQuery extends Query<MyDeskBookingsView> {
  constructor(
    readonly employeeId: string,
    readonly waitFor: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(MyDeskBookingsQuery)
export class MyDeskBookingsHandler implements IQueryHandler<MyDeskBookingsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly seating: SeatingReadModel,
  ) {}

  async execute({ employeeId, waitFor }: MyDeskBookingsQuery): Promise<MyDeskBookingsView> {
    await this.seating.reach(waitFor);
    const rows = await this.ds.query(
      `SELECT b.*, d.label FROM seating.desk_bookings b
         LEFT JOIN seating.desks d ON d.office_id = b.office_id AND d.floor = b.floor AND d.desk_id = b.desk_id
       WHERE b.employee_id = $1 AND b.status = 'booked' AND b.date >= $2 ORDER BY b.date, b.office_id, b.floor LIMIT 100`,
      [employeeId, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)],
    );
    return {
      items: rows.map((b: Record<string, any>) => ({
        bookingId: b.booking_id,
        officeId: b.office_id,
        floor: b.floor,
        deskId: b.desk_id,
        label: b.label ?? b.desk_id,
        date: b.date,
        employeeId: b.employee_id,
        status: b.status,
      })),
    };
  }
}
