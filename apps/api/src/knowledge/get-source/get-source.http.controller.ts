import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForAdmin } from '../../core/access/policy';
import { sourceIdOf } from '../knowledge-sources.params';
import { GetSourceQuery } from './get-source.handler';

@ApiTags('knowledge')
@ForAdmin()
@Controller('knowledge')
export class GetSourceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sources/:sourceId')
  @ApiOperation({ summary: 'A knowledge source: configuration (credential by name), documents, last sync, sync progress (admins)' })
  async source(@Param('sourceId') sourceId: string) {
    return this.queries.execute(new GetSourceQuery(sourceIdOf(sourceId)));
  }
}
