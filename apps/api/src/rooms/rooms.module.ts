import { Module } from '@nestjs/common';
import { ArchiveOfficeController } from './archive-office/archive-office.http.controller';
import { BookNowController } from './book-now/book-now.http.controller';
import { BookNowHandler } from './book-now/book-now.handler';
import { BookRoomController } from './book-room/book-room.http.controller';
import { BookRoomHandler } from './book-room/book-room.handler';
import { RoomsHolidays } from './rooms.holidays';
import { CancelBookingController } from './cancel-booking/cancel-booking.http.controller';
import { CancelSeriesController } from './cancel-series/cancel-series.http.controller';
import { CancelSeriesHandler } from './cancel-series/cancel-series.handler';
import { ChangeBookingController } from './change-booking/change-booking.http.controller';
import { CheckInBookingController } from './check-in-booking/check-in-booking.http.controller';
import { CheckInRoomController } from './check-in-room/check-in-room.http.controller';
import { CheckInRoomHandler } from './check-in-room/check-in-room.handler';
import { ConfirmSeriesController } from './confirm-series/confirm-series.http.controller';
import { CreateOfficeController } from './create-office/create-office.http.controller';
import { CreateRoomController } from './create-room/create-room.http.controller';
import { CreateRoomHandler } from './create-room/create-room.handler';
import { CreateSeriesController } from './create-series/create-series.http.controller';
import { CreateSeriesHandler } from './create-series/create-series.handler';
import { EndBookingEarlyController } from './end-booking-early/end-booking-early.http.controller';
import { ExtendBookingController } from './extend-booking/extend-booking.http.controller';
import { FindFreeRoomsController } from './find-free-rooms/find-free-rooms.http.controller';
import { FindFreeRoomsHandler } from './find-free-rooms/find-free-rooms.handler';
import { GetBookingController } from './get-booking/get-booking.http.controller';
import { GetBookingHandler } from './get-booking/get-booking.handler';
import { GetRoomDayController } from './get-room-day/get-room-day.http.controller';
import { GetRoomDayHandler } from './get-room-day/get-room-day.handler';
import { GetRoomController } from './get-room/get-room.http.controller';
import { GetRoomHandler } from './get-room/get-room.handler';
import { GetSeriesController } from './get-series/get-series.http.controller';
import { GetSeriesHandler } from './get-series/get-series.handler';
import { ListOfficeRoomsController } from './list-office-rooms/list-office-rooms.http.controller';
import { ListOfficeRoomsHandler } from './list-office-rooms/list-office-rooms.handler';
import { ListOfficesController } from './list-offices/list-offices.http.controller';
import { ListOfficesHandler } from './list-offices/list-offices.handler';
import { MyBookingsController } from './my-bookings/my-bookings.http.controller';
import { MyBookingsHandler } from './my-bookings/my-bookings.handler';
import { OfficeBookingsController } from './office-bookings/office-bookings.http.controller';
import { OfficeBookingsHandler } from './office-bookings/office-bookings.handler';
import { OnBookingHandler } from './on-booking.handler';
import { PlanSeriesController } from './plan-series/plan-series.http.controller';
import { PlanSeriesHandler } from './plan-series/plan-series.handler';
import { RetireRoomController } from './retire-room/retire-room.http.controller';
import { UpdateOfficeController } from './update-office/update-office.http.controller';
import { UpdateRoomController } from './update-room/update-room.http.controller';

/**
 * Meeting rooms: offices and rooms (admins), bookings, recurring series,
 * search. One folder per use case (its route, and
 * its handler where it needs more than the write side); commands run on the
 * generic write side with the domain's office, room, room-day and series
 * definitions.
 */
@Module({
  // Static paths (`offices`, `bookings/mine`, `bookings`, `series`) before `:roomId` ones: a router that matches in
  // order must not take them for a room id (room ids never take these words: refused when a room is created).
  controllers: [
    ListOfficesController,
    CreateOfficeController,
    UpdateOfficeController,
    ArchiveOfficeController,
    ListOfficeRoomsController,
    CreateRoomController,
    FindFreeRoomsController,
    MyBookingsController,
    OfficeBookingsController,
    GetBookingController,
    ChangeBookingController,
    CancelBookingController,
    ExtendBookingController,
    EndBookingEarlyController,
    CheckInBookingController,
    GetSeriesController,
    CancelSeriesController,
    ConfirmSeriesController,
    GetRoomController,
    UpdateRoomController,
    RetireRoomController,
    GetRoomDayController,
    BookRoomController,
    BookNowController,
    CheckInRoomController,
    PlanSeriesController,
    CreateSeriesController,
  ],
  providers: [
    RoomsHolidays,
    ListOfficesHandler,
    ListOfficeRoomsHandler,
    CreateRoomHandler,
    FindFreeRoomsHandler,
    MyBookingsHandler,
    OfficeBookingsHandler,
    GetBookingHandler,
    OnBookingHandler,
    GetSeriesHandler,
    CancelSeriesHandler,
    GetRoomHandler,
    GetRoomDayHandler,
    BookRoomHandler,
    BookNowHandler,
    CheckInRoomHandler,
    PlanSeriesHandler,
    CreateSeriesHandler,
  ],
})
export class RoomsModule {}
