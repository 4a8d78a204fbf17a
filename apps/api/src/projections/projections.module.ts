import { Module } from '@nestjs/common';
import { OverviewController } from './overview/overview.http.controller';
import { ParkedEventsController } from './parked-events/parked-events.http.controller';
import { ProjectionPositionsController } from './positions/positions.http.controller';

/** Operating the projector from the API: events parked by projections, admins' decisions on them, the dashboard's overview, where each read model stands. */
@Module({ controllers: [ParkedEventsController, OverviewController, ProjectionPositionsController] })
export class ProjectionsModule {}
