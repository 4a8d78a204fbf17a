import { Module } from '@nestjs/common';
import { ParkedEventsController } from './parked-events/parked-events.http.controller';

/** Operating the projector from the API: events parked by projections, and admins' decisions on them. */
@Module({ controllers: [ParkedEventsController] })
export class ProjectionsModule {}
