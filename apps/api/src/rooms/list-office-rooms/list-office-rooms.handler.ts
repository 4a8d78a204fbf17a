import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RoomListView } from '@megabot/contracts';
import { RoomsErrors } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { RoomsHolidays } from '../rooms.holidays';
import { OFFICE_SELECT, officeView, roomView, type Row } from '../rooms.read-model';

export class ListOfficeRoomsQuery extends Query<RoomListView> {
  constructor(readonly officeId: string) {
    super();
  }
}

@QueryHandler(ListOfficeRoomsQuery)
export class ListOfficeRoomsHandler implements IQueryHandler<ListOfficeRoomsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly holidays: RoomsHolidays,
  ) {}

  async execute({ officeId }: ListOfficeRoomsQuery): Promise<RoomListView> {
    const [office]: Row[] = await this.ds.query(`${OFFICE_SELECT} WHERE o.office_id = $1`, [officeId]);
    if (!office) throw RoomsErrors.officeNotFound(officeId);
    const rows: Row[] = await this.ds.query(
      `SELECT settings, status FROM rooms.rooms WHERE office_id = $1 AND status = 'active' ORDER BY floor, name, room_id`,
      [officeId],
    );
    return {
      office: officeView(office, await this.holidays.officeDaysOff(office.office_id, office.time_zone)),
      items: rows.map((r) => roomView(r.settings, r.status === 'retired')),
    };
  }
}
