import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BookingView, RoomDayView } from '@megabot/contracts';
import {
  bookNowOptions,
  checkInDeadlineMs,
  checkInOpensAtMs,
  formatLocalIso,
  freeIntervals,
  MINUTE_MS,
  noonOf,
  roomNow,
  toLocal,
  type Booking,
  type RoomContext,
} from '@megabot/domain';
import { RolesService } from '../../core/roles.service';
import { WriteSides } from '../../core/write-side';
import { roomView, titleFor } from '../rooms.read-model';
import { roomContext, roomDay } from '../rooms.streams';
import { RoomsHolidays } from '../rooms.holidays';

export class GetRoomDayQuery extends Query<RoomDayView> {
  constructor(
    readonly roomId: string,
    /** The room's local date; today in its zone when absent. */
    readonly date: string | undefined,
    readonly viewerId: string | undefined,
  ) {
    super();
  }
}

/**
 * A room's day: its bookings, free intervals and (today) "book now"
 * options, computed from the room-day stream itself: slot suggestions must
 * not offer what was booked a moment ago and the read model lags a little.
 */
@QueryHandler(GetRoomDayQuery)
export class GetRoomDayHandler implements IQueryHandler<GetRoomDayQuery> {
  constructor(
    private readonly writeSides: WriteSides,
    private readonly roles: RolesService,
    private readonly holidays: RoomsHolidays,
  ) {}

  async execute({ roomId, date, viewerId }: GetRoomDayQuery): Promise<RoomDayView> {
    const now = new Date();
    const target = date ? noonOf(date) : now.getTime();
    const room = await roomContext(this.writeSides, roomId, Math.min(target, now.getTime()), Math.max(target, now.getTime()));
    const today = toLocal(room.zone, now.getTime()).date;
    const day = date ?? today;
    const state = await roomDay(this.writeSides, roomId, day);
    const admin = await this.roles.isAdmin(viewerId);
    const isToday = day === today;
    const daysOff = await this.holidays.daysOff(room.settings.officeId, room.settings.workingHours, today);
    const closed = daysOff.includes(day);
    const current = isToday ? roomNow(state, now) : null;
    return {
      room: roomView(room.settings, room.retired),
      date: day,
      today,
      now: formatLocalIso(room.zone, Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS),
      nowStatus: current && { state: current.state, until: current.until },
      bookings: [...state.bookings].sort((a, b) => a.startMs - b.startMs).map((b) => bookingFromDay(room, day, b, viewerId, admin)),
      free: day < today || closed ? [] : freeIntervals(room, state, day, now),
      bookNow:
        isToday && !room.retired && !closed
          ? bookNowOptions(room, state, now).map((o) => ({
              minutes: o.minutes,
              available: o.available,
              start: o.start,
              end: o.end,
              durationMinutes: o.durationMinutes,
              shortened: o.shortened,
              reason: o.error && { code: o.error.code, message: o.error.message },
            }))
          : [],
      daysOff,
    };
  }
}

/** A booking as the room-day stream folds it, as `viewerId` may see it. */
function bookingFromDay(room: RoomContext, date: string, b: Booking, viewerId: string | undefined, admin: boolean): BookingView {
  const s = room.settings;
  const participant = viewerId !== undefined && (b.organizerId === viewerId || b.attendees.includes(viewerId));
  return {
    bookingId: b.bookingId,
    roomId: s.roomId,
    roomName: s.name,
    officeId: s.officeId,
    date,
    title: titleFor(b.title, s.privacy || b.private, participant, admin),
    organizerId: b.organizerId,
    attendees: b.attendees,
    private: b.private,
    start: b.start,
    end: b.end,
    status: b.status,
    seriesId: b.seriesId,
    checkedInBy: b.checkedInBy,
    checkedInAt: b.checkedInAt,
    checkedInVia: null,
    checkInOpensAt: formatLocalIso(room.zone, checkInOpensAtMs(b)),
    checkInDeadline: s.autoRelease ? formatLocalIso(room.zone, checkInDeadlineMs(b, s)) : null,
  };
}
