import { ForAdmin } from '../../core/access/policy';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OfficeBookingsQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { idOf, roomIdOf } from '../rooms.params';
import { OfficeBookingsQuery } from './office-bookings.handler';

const MAX_DAYS = 31;
const DAY_MS = 86_400_000;

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class OfficeBookingsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('offices/:officeId/bookings')
  @QueryRoute("An office's bookings from one local date to another (admins; `roomId`: one room), for the day and week calendars", {
    404: 'No such office',
  })
  async bookings(@Param('officeId') officeId: string, @Query() query: OfficeBookingsQueryDto) {
    idOf('officeId', officeId);
    if (query.roomId) roomIdOf(query.roomId);
    const days = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / DAY_MS;
    if (!(days >= 0 && days < MAX_DAYS)) throw problem(400, 'validation.failed', `to must be a date from "from" to ${MAX_DAYS - 1} days after it`);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new OfficeBookingsQuery(officeId, query.from, query.to, query.roomId, query.cancelled === 'true'));
  }
}
