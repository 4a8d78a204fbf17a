import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SeatingOfficesView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { SeatingReadModel } from '../seating.read-model';

export class ListSeatingOfficesQuery extends Query<SeatingOfficesView> {
  constructor(readonly waitFor: string | undefined) {
    super();
  }
}

@QueryHandler(ListSeatingOfficesQuery)
export class ListSeatingOfficesHandler implements IQueryHandler<ListSeatingOfficesQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly seating: SeatingReadModel,
  ) {}

  async execute({ waitFor }: ListSeatingOfficesQuery): Promise<SeatingOfficesView> {
    await this.seating.reach(waitFor);
    const rows: { office_id: string; name: string; time_zone: string; floor: number; plan: string; version: number }[] = await this.ds.query(
      `SELECT o.office_id, o.name, o.time_zone, p.floor, p.name AS plan, p.version
       FROM seating.plans p JOIN rooms.offices o ON o.office_id = p.office_id
       WHERE o.status = 'active' ORDER BY o.name, o.office_id, p.floor`,
    );
    const offices = new Map<string, SeatingOfficesView['offices'][number]>();
    for (const r of rows) {
      const office = offices.get(r.office_id) ?? { officeId: r.office_id, name: r.name, timeZone: r.time_zone, floors: [] };
      office.floors.push({ floor: r.floor, name: r.plan, version: r.version });
      offices.set(r.office_id, office);
    }
    return { offices: [...offices.values()] };
  }
}
