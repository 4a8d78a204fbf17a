import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { OptionalEmployee } from '../../core/access/actor';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomsWaitForQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { idOf } from '../rooms.params';
import { GetBookingQuery } from './get-booking.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class GetBookingController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  /** The title of a private booking only for its participants and admins. */
  @Get('bookings/:bookingId')
  @QueryRoute('One booking')
  async booking(@Param('bookingId') bookingId: string, @Query() query: RoomsWaitForQueryDto, @OptionalEmployee() viewer?: Actor) {
    idOf('bookingId', bookingId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new GetBookingQuery(bookingId, viewer?.employeeId));
  }
}
