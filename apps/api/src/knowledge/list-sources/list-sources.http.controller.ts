import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ForAdmin } from '../../core/access/policy';
import { ListSourcesQuery } from './list-sources.handler';

@ApiTags('knowledge')
@ForAdmin()
@Controller('knowledge')
export class ListSourcesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sources')
  @ApiOperation({ summary: 'Knowledge sources with their last sync and current progress (admins); `all=true`: removed ones too' })
  @ApiQuery({ name: 'all', required: false, enum: ['true', 'false'] })
  async sources(@Query('all') all?: string) {
    return this.queries.execute(new ListSourcesQuery(all === 'true'));
  }
}
