import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { SeatingWaitForQueryDto } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { ListSeatingOfficesQuery } from './list-offices.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class ListSeatingOfficesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('offices')
  @QueryRoute('Offices with the floors that have a plan (active offices only)')
  offices(@Query() query: SeatingWaitForQueryDto) {
    return this.queries.execute(new ListSeatingOfficesQuery(query.waitFor));
  }
}
