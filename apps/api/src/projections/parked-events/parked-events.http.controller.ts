import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@megabot/contracts';
import { decideParkedEvent, listParkedEvents, type ParkedEvent } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { problem } from '../../core/problem';

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const EVENT_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Events a projection could not apply (see ProjectionRunner): admins see them
 * with their errors and decide - retry (once the projection is fixed) or skip.
 * The projector carries the decision out within its poll (a second or so).
 */
@ApiTags('projections')
@ForAdmin()
@Controller('projections/parked')
export class ParkedEventsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Parked events waiting for a decision, newest first (with `includeSkipped=true` also the skipped ones)' })
  @ApiQuery({ name: 'projection', required: false })
  @ApiQuery({ name: 'includeSkipped', required: false, enum: ['true', 'false'] })
  list(@Query('projection') projection?: string, @Query('includeSkipped') includeSkipped?: string): Promise<ParkedEvent[]> {
    if (projection !== undefined) checkName(projection);
    if (includeSkipped !== undefined && includeSkipped !== 'true' && includeSkipped !== 'false') {
      throw problem(400, 'validation.failed', 'includeSkipped must be true or false');
    }
    return listParkedEvents(this.dataSource, { projection, includeSkipped: includeSkipped === 'true', limit: 500 });
  }

  @Post(':projection/:eventId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Apply a parked event again (the projector does it within its poll; the event leaves the list once applied)' })
  @ApiResponse({ status: 404, description: 'No such parked event' })
  @ApiResponse({ status: 409, description: 'The event was skipped' })
  retry(@Param('projection') projection: string, @Param('eventId') eventId: string, @CurrentEmployee() actor: Actor): Promise<ParkedEvent> {
    return this.decide(projection, eventId, 'retry', actor);
  }

  @Post(':projection/:eventId/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Let a parked event go (a projection stopped on it moves on); the row stays as a record' })
  @ApiResponse({ status: 404, description: 'No such parked event' })
  skip(@Param('projection') projection: string, @Param('eventId') eventId: string, @CurrentEmployee() actor: Actor): Promise<ParkedEvent> {
    return this.decide(projection, eventId, 'skip', actor);
  }

  private async decide(projection: string, eventId: string, decision: 'retry' | 'skip', actor: Actor): Promise<ParkedEvent> {
    checkName(projection);
    if (!EVENT_ID.test(eventId)) throw problem(400, 'validation.failed', 'eventId must be an event id (letters, digits and "-")');
    const row = await decideParkedEvent(this.dataSource, projection, eventId, decision, actor.employeeId);
    if (!row) throw problem(404, 'projections.parked_event_not_found', `No parked event ${eventId} of projection ${projection}`);
    const wanted = decision === 'retry' ? 'retry' : 'skipped';
    if (row.state !== wanted) {
      throw problem(
        409,
        'projections.parked_event_decided',
        `Parked event ${eventId} is ${row.state}: it cannot be ${decision === 'retry' ? 'retried' : 'skipped'}`,
        undefined,
        {
          currentState: row.state,
        },
      );
    }
    return row;
  }
}

function checkName(projection: string) {
  if (!NAME.test(projection)) throw problem(400, 'validation.failed', 'projection must be a projection name');
}
