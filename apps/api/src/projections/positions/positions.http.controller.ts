import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ForAuditor } from '../../core/access/policy';
import { projectionPositions } from '../projection-lag';

/**
 * Where each read model stands in the event log. The admin site polls it (one small read for every open list) and
 * reloads a list only when the projection it shows has moved. Auditors may read it too: log positions say how far
 * each projection has got, nothing of what is in it (their own lists follow the log through it).
 */
@ApiTags('projections')
@ForAuditor()
@Controller('projections/positions')
export class ProjectionPositionsController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: "Each projection's committed log position, e.g. { auction: '123-4' } (admins and auditors)" })
  async positions(): Promise<{ positions: Record<string, string> }> {
    return { positions: await projectionPositions(this.ds) };
  }
}
