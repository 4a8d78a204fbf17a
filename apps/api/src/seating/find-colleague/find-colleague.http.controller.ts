import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { FindColleagueQueryDto } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { FindColleagueQuery } from './find-colleague.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class FindColleagueController {
  constructor(private readonly queries: QueryBus) {}

  @Get('people')
  @QueryRoute('Find colleagues (as the directory search does) and where they sit: their assigned desk and their hot desk that day')
  people(@Query() query: FindColleagueQueryDto) {
    return this.queries.execute(new FindColleagueQuery(query));
  }
}
