import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BookingView } from '@megabot/contracts';
import { RoomsErrors } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { RolesService } from '../../core/roles.service';
import { BOOKING_SELECT, bookingFromRow, type Row } from '../rooms.read-model';

export class GetBookingQuery extends Query<BookingView> {
  constructor(
    readonly bookingId: string,
    readonly viewerId: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetBookingQuery)
export class GetBookingHandler implements IQueryHandler<GetBookingQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly roles: RolesService,
  ) {}

  async execute({ bookingId, viewerId }: GetBookingQuery): Promise<BookingView> {
    const [row]: Row[] = await this.ds.query(`${BOOKING_SELECT} WHERE b.booking_id = $1`, [bookingId]);
    if (!row) throw RoomsErrors.bookingNotFound(bookingId);
    return bookingFromRow(row, viewerId, await this.roles.isAdmin(viewerId));
  }
}
