import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { OfficeListView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { RoomsHolidays } from '../rooms.holidays';
import { OFFICE_SELECT, officeView, type Row } from '../rooms.read-model';

export class ListOfficesQuery extends Query<OfficeListView> {
  constructor(readonly includeArchived: boolean) {
    super();
  }
}

@QueryHandler(ListOfficesQuery)
export class ListOfficesHandler implements IQueryHandler<ListOfficesQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly holidays: RoomsHolidays,
  ) {}

  async execute({ includeArchived }: ListOfficesQuery): Promise<OfficeListView> {
    const rows: Row[] = await this.ds.query(`${OFFICE_SELECT} ${includeArchived ? '' : `WHERE o.status = 'active'`} ORDER BY o.name, o.office_id`);
    return { items: await Promise.all(rows.map(async (r) => officeView(r, await this.holidays.officeDaysOff(r.office_id, r.time_zone)))) };
  }
}
