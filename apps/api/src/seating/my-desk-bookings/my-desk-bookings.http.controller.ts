import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { SeatingWaitForQueryDto, type Actor } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { QueryRoute } from '../../core/api-docs';
import { MyDeskBookingsQuery } from './my-desk-bookings.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class MyDeskBookingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('bookings/mine')
  @QueryRoute('My hot-desk bookings from yesterday (UTC) on, active ones only')
  mine(@Query() query: SeatingWaitForQueryDto, @CurrentEmployee() actor: Actor) {
    return this.queries.execute(new MyDeskBookingsQuery(actor.employeeId, query.waitFor));
  }
}
