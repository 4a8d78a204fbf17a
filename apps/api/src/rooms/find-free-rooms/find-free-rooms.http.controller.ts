import { ForEmployee } from '../../core/access/policy';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FreeRoomsQueryDto } from '@megabot/contracts';
import { idOf } from '../rooms.params';
import { FindFreeRoomsQuery } from './find-free-rooms.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class FindFreeRoomsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('offices/:officeId/free')
  @ApiOperation({ summary: 'Free rooms of an office for a time range (instants, or a local date and times) and a number of people, best fit first' })
  freeRooms(@Param('officeId') officeId: string, @Query() query: FreeRoomsQueryDto) {
    return this.queries.execute(new FindFreeRoomsQuery(idOf('officeId', officeId), query));
  }
}
