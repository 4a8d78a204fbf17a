import { Module } from '@nestjs/common';
import { BookNowHandler } from './book-now/book-now.handler';
import { BookRoomHandler } from './book-room/book-room.handler';
import {
  CancelBookingHandler,
  ChangeBookingHandler,
  CheckInBookingHandler,
  CheckInRoomHandler,
  EndBookingEarlyHandler,
  ExtendBookingHandler,
} from './manage-booking/manage-booking.handlers';
import { ArchiveOfficeHandler, CreateOfficeHandler, UpdateOfficeHandler } from './offices/office.handlers';
import { CreateRoomHandler, RetireRoomHandler, UpdateRoomHandler } from './room-admin/room-admin.handlers';
import { BookingLocator } from './rooms.bookings';
import { RoomsHttpController } from './rooms.http.controller';
import {
  FreeRoomsHandler,
  GetBookingHandler,
  GetRoomHandler,
  GetSeriesHandler,
  ListOfficeRoomsHandler,
  ListOfficesHandler,
  MyBookingsHandler,
  RoomDayHandler,
} from './rooms.query-handlers';
import { RoomsWriteModel } from './rooms.write-model';
import { CancelSeriesHandler, ConfirmSeriesHandler, CreateSeriesHandler, PlanSeriesHandler } from './series/series.handlers';

/** Meeting rooms: offices and rooms (admins), bookings, recurring series, search. */
@Module({
  controllers: [RoomsHttpController],
  providers: [
    RoomsWriteModel,
    BookingLocator,
    CreateOfficeHandler,
    UpdateOfficeHandler,
    ArchiveOfficeHandler,
    CreateRoomHandler,
    UpdateRoomHandler,
    RetireRoomHandler,
    BookRoomHandler,
    BookNowHandler,
    ChangeBookingHandler,
    CancelBookingHandler,
    ExtendBookingHandler,
    EndBookingEarlyHandler,
    CheckInBookingHandler,
    CheckInRoomHandler,
    PlanSeriesHandler,
    CreateSeriesHandler,
    CancelSeriesHandler,
    ConfirmSeriesHandler,
    ListOfficesHandler,
    ListOfficeRoomsHandler,
    GetRoomHandler,
    RoomDayHandler,
    FreeRoomsHandler,
    MyBookingsHandler,
    GetBookingHandler,
    GetSeriesHandler,
  ],
  exports: [RoomsWriteModel],
})
export class RoomsModule {}
