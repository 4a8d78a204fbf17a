import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { NearbyQueryDto, type Actor } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { QueryRoute } from '../../core/api-docs';
import { NearbyQuery } from './nearby.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class NearbyController {
  constructor(private readonly queries: QueryBus) {}

  @Get('nearby')
  @QueryRoute('Who sits nearest to me that day (straight-line distance on the plan)')
  nearby(@Query() query: NearbyQueryDto, @CurrentEmployee() actor: Actor) {
    return this.queries.execute(new NearbyQuery(query, actor));
  }
}
