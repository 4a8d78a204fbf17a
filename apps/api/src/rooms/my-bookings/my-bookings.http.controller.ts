import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { MyBookingsQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { MyBookingsQuery } from './my-bookings.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class MyBookingsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('bookings/mine')
  @QueryRoute('Your bookings (as organizer or attendee): upcoming and in progress, or `past=true` all')
  async mine(@Query() query: MyBookingsQueryDto, @CurrentEmployee() actor: Actor) {
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new MyBookingsQuery(actor.employeeId, query.past === 'true', query.limit ?? 20));
  }
}
