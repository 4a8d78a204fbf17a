import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { SearchDirectoryQueryDto } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { SearchDirectoryQuery } from './search-directory.handler';

@ApiTags('directory')
@ForEmployee()
@Controller('directory')
export class SearchDirectoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('search')
  @QueryRoute('Find colleagues by name (Russian or English, any transliteration, typos, short first names), department, office, project or position')
  search(@Query() query: SearchDirectoryQueryDto) {
    return this.queries.execute(new SearchDirectoryQuery(query));
  }
}
