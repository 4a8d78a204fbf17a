import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SeatingWaitForQueryDto, type SeatingOfficesView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { SeatingReadModel } from '../seating.read-model';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class ListSeatingOfficesController {
  constructor(
    private readonly ds: DataSource,
    private readonly seating: SeatingReadModel,
  ) {}

  @Get('offices')
  @QueryRoute('Offices with the floors that have a plan (active offices only)')
  async offices(@Query() query: SeatingWaitForQueryDto): Promise<SeatingOfficesView> {
    await this.seating.reach(query.waitFor);
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
