import { Module } from '@nestjs/common';
import { OverviewController } from './overview/overview.http.controller';
import { ParkedEventsController } from './parked-events/parked-events.http.controller';

/** Operating the projector from the API: events parked by projections, admins' decisions on them, the dashboard's overview. */
@Module({ controllers: [ParkedEventsController, OverviewController] })
export class ProjectionsModule {}
