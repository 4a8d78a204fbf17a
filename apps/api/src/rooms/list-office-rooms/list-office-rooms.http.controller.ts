import { ForEmployee } from '../../core/access/policy';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoomsWaitForQueryDto } from '@megabot/contracts';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { idOf } from '../rooms.params';
import { ListOfficeRoomsQuery } from './list-office-rooms.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class ListOfficeRoomsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('offices/:officeId/rooms')
  @ApiOperation({ summary: 'Bookable rooms of an office' })
  async officeRooms(@Param('officeId') officeId: string, @Query() query: RoomsWaitForQueryDto) {
    idOf('officeId', officeId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new ListOfficeRoomsQuery(officeId));
  }
}
