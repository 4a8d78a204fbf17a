import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { SeatingWaitForQueryDto } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { floorRef } from '../seating.params';
import { FloorRoomsQuery } from './floor-rooms.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class FloorRoomsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('offices/:officeId/floors/:floor/rooms')
  @QueryRoute("The meeting rooms on a floor's plan, free or busy now, and until when (`waitFor`: a rooms command's position)", { 404: 'No such plan' })
  rooms(@Param('officeId') officeId: string, @Param('floor') floor: string, @Query() query: SeatingWaitForQueryDto) {
    const ref = floorRef(officeId, floor);
    return this.queries.execute(new FloorRoomsQuery(ref.officeId, ref.floor, query.waitFor));
  }
}
