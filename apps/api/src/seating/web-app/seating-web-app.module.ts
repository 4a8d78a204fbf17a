import { Module } from '@nestjs/common';
import { SeatingWebAppController } from './seating-web-app.http.controller';

/** The seating Web App's page (static; its data comes from the seating API as the signed-in employee). */
@Module({ controllers: [SeatingWebAppController] })
export class SeatingWebAppModule {}
