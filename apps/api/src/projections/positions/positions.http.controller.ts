import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ForAdmin } from '../../core/access/policy';
import { projectionPositions } from '../projection-lag';

/**
 * Where each read model stands in the event log. The admin site polls it (one small read for every open list) and
 * reloads a list only when the projection it shows has moved.
 */
@ApiTags('projections')
@ForAdmin()
@Controller('projections/positions')
export class ProjectionPositionsController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: "Each projection's committed log position, e.g. { auction: '123-4' } (admins)" })
  async positions(): Promise<{ positions: Record<string, string> }> {
    return { positions: await projectionPositions(this.ds) };
  }
}
