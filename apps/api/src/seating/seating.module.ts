import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { AssignDeskController } from './assign-desk/assign-desk.http.controller';
import { AssignDeskHandler } from './assign-desk/assign-desk.handler';
import { BookDeskController } from './book-desk/book-desk.http.controller';
import { BookDeskHandler } from './book-desk/book-desk.handler';
import { CancelDeskBookingController } from './cancel-desk-booking/cancel-desk-booking.http.controller';
import { ChangeDeskController } from './change-desk/change-desk.http.controller';
import { FindColleagueController } from './find-colleague/find-colleague.http.controller';
import { FindColleagueHandler } from './find-colleague/find-colleague.handler';
import { FloorRoomsController } from './floor-rooms/floor-rooms.http.controller';
import { FloorRoomsHandler } from './floor-rooms/floor-rooms.handler';
import { GetFloorController } from './get-floor/get-floor.http.controller';
import { GetFloorHandler } from './get-floor/get-floor.handler';
import { ListSeatingOfficesController } from './list-offices/list-offices.http.controller';
import { ListSeatingOfficesHandler } from './list-offices/list-offices.handler';
import { MyDeskBookingsController } from './my-desk-bookings/my-desk-bookings.http.controller';
import { MyDeskBookingsHandler } from './my-desk-bookings/my-desk-bookings.handler';
import { NearbyController } from './nearby/nearby.http.controller';
import { NearbyHandler } from './nearby/nearby.handler';
import { PrintMarkersController } from './print-markers/print-markers.http.controller';
import { PrintMarkersHandler } from './print-markers/print-markers.handler';
import { PublishFloorPlanController } from './publish-floor-plan/publish-floor-plan.http.controller';
import { PublishFloorPlanHandler } from './publish-floor-plan/publish-floor-plan.handler';
import { SeatingReadModel } from './seating.read-model';
import { UnassignDeskController } from './unassign-desk/unassign-desk.http.controller';
import { SeatingWebAppController } from './web-app/seating-web-app.http.controller';

/**
 * Seating: floor plans, desks and assignments (admins), hot-desk bookings,
 * finding colleagues and free rooms (employees, the Web App's sessions
 * among them). One folder per use case; commands run on the generic write
 * side with the domain's floor-plan and desk-day definitions. The Web App's
 * page itself is served at SEATING_WEB_APP_PATH.
 */
@Module({
  imports: [DirectoryModule],
  controllers: [
    ListSeatingOfficesController,
    GetFloorController,
    FloorRoomsController,
    PublishFloorPlanController,
    ChangeDeskController,
    AssignDeskController,
    UnassignDeskController,
    BookDeskController,
    CancelDeskBookingController,
    FindColleagueController,
    NearbyController,
    MyDeskBookingsController,
    SeatingWebAppController,
    PrintMarkersController,
  ],
  providers: [
    SeatingReadModel,
    PublishFloorPlanHandler,
    AssignDeskHandler,
    BookDeskHandler,
    ListSeatingOfficesHandler,
    GetFloorHandler,
    FloorRoomsHandler,
    FindColleagueHandler,
    NearbyHandler,
    MyDeskBookingsHandler,
    PrintMarkersHandler,
  ],
})
export class SeatingModule {}
