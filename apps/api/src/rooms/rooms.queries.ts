import { Query } from '@nestjs/cqrs';
import type {
  BookingView,
  FreeRoomsQueryDto,
  FreeRoomsView,
  MyBookingsView,
  OfficeListView,
  RoomDayView,
  RoomListView,
  RoomView,
  SeriesView,
} from '@megabot/contracts';

export class ListOfficesQuery extends Query<OfficeListView> {
  constructor(readonly includeArchived: boolean) {
    super();
  }
}

export class ListOfficeRoomsQuery extends Query<RoomListView> {
  constructor(readonly officeId: string) {
    super();
  }
}

export class GetRoomQuery extends Query<RoomView> {
  constructor(readonly roomId: string) {
    super();
  }
}

export class RoomDayQuery extends Query<RoomDayView> {
  constructor(
    readonly roomId: string,
    readonly date: string | undefined,
    readonly viewerId: string | undefined,
  ) {
    super();
  }
}

export class FreeRoomsQuery extends Query<FreeRoomsView> {
  constructor(
    readonly officeId: string,
    readonly filter: FreeRoomsQueryDto,
  ) {
    super();
  }
}

export class MyBookingsQuery extends Query<MyBookingsView> {
  constructor(
    readonly employeeId: string,
    readonly past: boolean,
    readonly limit: number,
  ) {
    super();
  }
}

export class GetBookingQuery extends Query<BookingView> {
  constructor(
    readonly bookingId: string,
    readonly viewerId: string | undefined,
  ) {
    super();
  }
}

export class GetSeriesQuery extends Query<SeriesView> {
  constructor(readonly seriesId: string) {
    super();
  }
}
