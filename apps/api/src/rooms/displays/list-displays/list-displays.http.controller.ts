import { ForAdmin } from '../../../core/access/policy';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ListDisplaysQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../../core/api-docs';
import { ReadModelProgress } from '../../../core/read-model-progress.service';
import { DisplayDirectory } from '../display-directory.service';
import { ListDisplaysQuery } from './list-displays.handler';

@ApiTags('displays')
@ForAdmin()
@Controller('displays')
export class ListDisplaysController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
    private readonly directory: DisplayDirectory,
  ) {}

  @Get()
  @QueryRoute('Displays with their last telemetry and the `stale` / `lowBattery` flags (admins); `waitFor` waits for a position')
  async list(@Query() query: ListDisplaysQueryDto) {
    await this.progress.waitFor('displays', query.waitFor);
    // The device endpoint's memory too: after waitFor, a poll sees what the admin just did.
    if (query.waitFor) await this.directory.refresh();
    return this.queries.execute(new ListDisplaysQuery(query.roomId, query.includeRetired === 'true'));
  }
}
