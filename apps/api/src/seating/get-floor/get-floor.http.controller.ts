import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { SeatingDayQueryDto } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { floorRef } from '../seating.params';
import { GetFloorQuery } from './get-floor.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class GetFloorController {
  constructor(private readonly queries: QueryBus) {}

  @Get('offices/:officeId/floors/:floor')
  @QueryRoute("A floor's plan: the sanitized SVG, desks with who uses them that day, meeting rooms and the corridor graph", { 404: 'No such office or plan' })
  floor(@Param('officeId') officeId: string, @Param('floor') floor: string, @Query() query: SeatingDayQueryDto) {
    const ref = floorRef(officeId, floor);
    return this.queries.execute(new GetFloorQuery(ref.officeId, ref.floor, query.date, query.waitFor));
  }
}
