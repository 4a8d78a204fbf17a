import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type {
  BookingStatusView,
  BookingView,
  CheckInChannel,
  FreeRoomsView,
  OfficeView,
  RoomDayView,
  RoomSettings,
  RoomsNotificationKind,
  RoomView,
  SeriesView,
} from '@megabot/contracts';
import {
  bookNowOptions,
  checkInDeadlineMs,
  checkInOpensAtMs,
  findFreeRooms,
  formatLocalIso,
  freeIntervals,
  fromLocal,
  parseHhmm,
  roomDayOf,
  roomNow,
  RoomsErrors,
  toLocal,
  type Booking,
  type RoomContext,
} from '@megabot/domain';
import type { BookingRow, OfficeRow, RoomRow, RoomsNotificationRow, SeriesRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { problem } from '../core/problem';
import { RolesService } from '../core/roles.service';
import {
  FreeRoomsQuery,
  GetBookingQuery,
  GetRoomQuery,
  GetSeriesQuery,
  ListOfficeRoomsQuery,
  ListOfficesQuery,
  MarkRoomsNotificationDeliveredCommand,
  MyBookingsQuery,
  PendingRoomsNotificationsQuery,
  RoomDayQuery,
} from './rooms.queries';
import { noonOf, RoomsWriteModel, zoneAround } from './rooms.write-model';

/** An office as the queries select it, with its active rooms counted (bigint as text). */
type OfficeWithCount = OfficeRow & { room_count: string };
/** A booking left-joined with its room (BOOKING_SELECT). */
type BookingWithRoom = BookingRow & { room_name: string | null; office_id: string | null; room_privacy: boolean | null; auto_release: boolean | null; check_in_window_minutes: number | null };

const MINUTE_MS = 60_000;

function officeView(r: OfficeWithCount): OfficeView {
  return { officeId: r.office_id, name: r.name, address: r.address, timeZone: r.time_zone, status: r.status, roomCount: Number(r.room_count ?? 0) };
}

export function roomView(settings: RoomSettings, retired: boolean): RoomView {
  const { roomId, officeId, name, floor, capacity, equipment, timeZone, workingHours, bufferMinutes, privacy, checkInWindowMinutes, autoRelease, policy } = settings;
  return {
    roomId,
    officeId,
    name,
    floor,
    capacity,
    equipment,
    timeZone,
    workingHours,
    bufferMinutes,
    privacy,
    checkInWindowMinutes,
    autoRelease,
    policy,
    status: retired ? 'retired' : 'active',
  };
}

/** Titles are for participants and admins when the booking or its room is private. */
const titleFor = (title: string, hidden: boolean, participant: boolean, admin: boolean) => (hidden && !participant && !admin ? null : title);

/** A booking as the room-day stream folds it. */
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

/** `ms` written with the UTC offset of `localIso` (a booking's times share its room-day's offset). */
function withOffsetOf(localIso: string, ms: number): string {
  const offset = localIso.slice(-6);
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * MINUTE_MS).toISOString().slice(0, 19) + offset;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** A booking row of the read model joined with its room. */
function bookingFromRow(r: BookingWithRoom, viewerId: string | undefined, admin: boolean): BookingView {
  const participant = viewerId !== undefined && (r.organizer_id === viewerId || (r.attendees as string[]).includes(viewerId));
  const startMs = new Date(r.start_at).getTime();
  const endMs = new Date(r.end_at).getTime();
  return {
    bookingId: r.booking_id,
    roomId: r.room_id,
    roomName: r.room_name ?? r.room_id,
    officeId: r.office_id ?? '',
    date: r.date,
    title: titleFor(r.title, r.room_privacy === true || r.private, participant, admin),
    organizerId: r.organizer_id,
    attendees: r.attendees,
    private: r.private,
    start: r.start_local,
    end: r.end_local,
    status: r.status as BookingStatusView,
    seriesId: r.series_id,
    checkedInBy: r.checked_in_by,
    checkedInAt: iso(r.checked_in_at),
    checkedInVia: (r.checked_in_via as CheckInChannel | null) ?? null,
    checkInOpensAt: withOffsetOf(r.start_local, startMs - 5 * MINUTE_MS),
    checkInDeadline: r.auto_release ? withOffsetOf(r.start_local, Math.min(startMs + Number(r.check_in_window_minutes) * MINUTE_MS, endMs)) : null,
  };
}

const BOOKING_SELECT = `SELECT b.*, r.name AS room_name, r.office_id, r.privacy AS room_privacy, r.auto_release, r.check_in_window_minutes
  FROM rooms.bookings b LEFT JOIN rooms.rooms r ON r.room_id = b.room_id`;

@QueryHandler(ListOfficesQuery)
export class ListOfficesHandler implements IQueryHandler<ListOfficesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ includeArchived }: ListOfficesQuery) {
    const rows: OfficeWithCount[] = await this.ds.query(
      `SELECT o.*, (SELECT count(*) FROM rooms.rooms r WHERE r.office_id = o.office_id AND r.status = 'active') AS room_count
       FROM rooms.offices o ${includeArchived ? '' : `WHERE o.status = 'active'`} ORDER BY o.name, o.office_id`,
    );
    return { items: rows.map(officeView) };
  }
}

@QueryHandler(ListOfficeRoomsQuery)
export class ListOfficeRoomsHandler implements IQueryHandler<ListOfficeRoomsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ officeId }: ListOfficeRoomsQuery) {
    const [office]: OfficeWithCount[] = await this.ds.query(
      `SELECT o.*, (SELECT count(*) FROM rooms.rooms r WHERE r.office_id = o.office_id AND r.status = 'active') AS room_count FROM rooms.offices o WHERE o.office_id = $1`,
      [officeId],
    );
    if (!office) throw RoomsErrors.officeNotFound(officeId);
    const rows: Pick<RoomRow, 'settings' | 'status'>[] = await this.ds.query(`SELECT settings, status FROM rooms.rooms WHERE office_id = $1 AND status = 'active' ORDER BY floor, name, room_id`, [officeId]);
    return { office: officeView(office), items: rows.map((r) => roomView(r.settings, r.status === 'retired')) };
  }
}

@QueryHandler(GetRoomQuery)
export class GetRoomHandler implements IQueryHandler<GetRoomQuery> {
  constructor(private readonly rooms: RoomsWriteModel) {}

  async execute({ roomId }: GetRoomQuery) {
    const room = await this.rooms.roomContext(roomId, Date.now());
    return roomView(room.settings, room.retired);
  }
}

/**
 * A room's day: its bookings, free intervals and (today) "book now"
 * options, computed from the room-day stream itself: slot suggestions must
 * not offer what was booked a moment ago and the read model lags a little.
 */
@QueryHandler(RoomDayQuery)
export class RoomDayHandler implements IQueryHandler<RoomDayQuery> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ roomId, date, viewerId }: RoomDayQuery): Promise<RoomDayView> {
    const now = new Date();
    const target = date ? noonOf(date) : now.getTime();
    const room = await this.rooms.roomContext(roomId, Math.min(target, now.getTime()), Math.max(target, now.getTime()));
    const today = toLocal(room.zone, now.getTime()).date;
    const day = date ?? today;
    const state = await this.rooms.dayState(roomId, day);
    const admin = await this.roles.isAdmin(viewerId);
    const isToday = day === today;
    const current = isToday ? roomNow(state, now) : null;
    return {
      room: roomView(room.settings, room.retired),
      date: day,
      today,
      now: formatLocalIso(room.zone, Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS),
      nowStatus: current && { state: current.state, until: current.until },
      bookings: [...state.bookings].sort((a, b) => a.startMs - b.startMs).map((b) => bookingFromDay(room, day, b, viewerId, admin)),
      free: day < today ? [] : freeIntervals(room, state, day, now),
      bookNow:
        isToday && !room.retired
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
    };
  }
}

@QueryHandler(FreeRoomsQuery)
export class FreeRoomsHandler implements IQueryHandler<FreeRoomsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly rooms: RoomsWriteModel,
  ) {}

  async execute({ officeId, filter }: FreeRoomsQuery): Promise<FreeRoomsView> {
    const byInstant = filter.start !== undefined && filter.end !== undefined;
    const byLocal = filter.date !== undefined && filter.from !== undefined && filter.to !== undefined;
    if (byInstant === byLocal) throw problem(400, 'validation.failed', 'Give either start and end, or date, from and to');
    const [office] = await this.ds.query(`SELECT office_id FROM rooms.offices WHERE office_id = $1`, [officeId]);
    if (!office) throw RoomsErrors.officeNotFound(officeId);
    const rows: Pick<RoomRow, 'settings'>[] = await this.ds.query(`SELECT settings FROM rooms.rooms WHERE office_id = $1 AND status = 'active'`, [officeId]);
    const now = new Date();
    const equipment = filter.equipment?.split(',').map((e) => e.trim()).filter(Boolean);
    const out: FreeRoomsView = { rooms: [], unavailable: [] };
    // Each room in its own zone (an office may have rooms in another zone): one search per room, merged and ranked like findFreeRooms.
    await Promise.all(
      rows.map(async (row) => {
        const settings = row.settings as RoomSettings;
        const around = byInstant ? Date.parse(filter.start!) : noonOf(filter.date!);
        const room: RoomContext = { settings, retired: false, zone: zoneAround(settings.timeZone, around) };
        const startMs = byInstant ? Date.parse(filter.start!) : fromLocal(room.zone, filter.date!, parseHhmm(filter.from!) ?? 0);
        const endMs = byInstant ? Date.parse(filter.end!) : fromLocal(room.zone, filter.date!, parseHhmm(filter.to!, true) ?? 0);
        const day = await this.rooms.dayState(settings.roomId, roomDayOf(room, startMs));
        const found = findFreeRooms(
          [{ room, day }],
          { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), capacity: filter.capacity, equipment, officeId },
          now,
        );
        out.rooms.push(...found.rooms);
        out.unavailable.push(...found.unavailable.map((u) => ({ roomId: u.roomId, name: settings.name, code: u.error.code, message: u.error.message })));
      }),
    );
    out.rooms.sort((a, b) => a.capacity - b.capacity || a.name.localeCompare(b.name) || a.roomId.localeCompare(b.roomId));
    out.unavailable.sort((a, b) => a.name.localeCompare(b.name));
    return out;
  }
}

@QueryHandler(MyBookingsQuery)
export class MyBookingsHandler implements IQueryHandler<MyBookingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, past, limit }: MyBookingsQuery) {
    const rows: BookingWithRoom[] = await this.ds.query(
      `${BOOKING_SELECT}
       WHERE (b.organizer_id = $1 OR $1 = ANY (b.attendees))
         AND ${past ? 'true' : `b.status IN ('booked', 'checked_in') AND b.end_at > now()`}
       ORDER BY ${past ? 'b.start_at DESC' : 'b.start_at'} LIMIT $2`,
      [employeeId, limit],
    );
    return { items: rows.map((r) => bookingFromRow(r, employeeId, false)) };
  }
}

@QueryHandler(GetBookingQuery)
export class GetBookingHandler implements IQueryHandler<GetBookingQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly roles: RolesService,
  ) {}

  async execute({ bookingId, viewerId }: GetBookingQuery) {
    const [row]: BookingWithRoom[] = await this.ds.query(`${BOOKING_SELECT} WHERE b.booking_id = $1`, [bookingId]);
    if (!row) throw RoomsErrors.bookingNotFound(bookingId);
    return bookingFromRow(row, viewerId, await this.roles.isAdmin(viewerId));
  }
}

@QueryHandler(GetSeriesQuery)
export class GetSeriesHandler implements IQueryHandler<GetSeriesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ seriesId }: GetSeriesQuery): Promise<SeriesView> {
    const [r]: SeriesRow[] = await this.ds.query(`SELECT * FROM rooms.series WHERE series_id = $1`, [seriesId]);
    if (!r) throw RoomsErrors.seriesNotFound(seriesId);
    return {
      seriesId: r.series_id,
      roomId: r.room_id,
      organizerId: r.organizer_id,
      title: r.title,
      rule: r.rule,
      occurrences: r.occurrences,
      skipped: r.skipped,
      unattendedLimit: r.unattended_limit,
      missedInARow: r.missed_in_a_row,
      flagged: r.flagged,
      status: r.status,
      cancelledFrom: r.cancelled_from,
    };
  }
}

/**
 * The rooms outbox the bot delivers from (reminders with a check-in button,
 * released bookings, flagged series). Expired rows are never handed out, and
 * a reminder of a booking that is no longer waiting for a check-in is not
 * either (cancelled, checked in, released meanwhile).
 */
@QueryHandler(PendingRoomsNotificationsQuery)
export class PendingRoomsNotificationsHandler implements IQueryHandler<PendingRoomsNotificationsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, limit }: PendingRoomsNotificationsQuery) {
    const rows: RoomsNotificationRow[] = await this.ds.query(
      `SELECT n.* FROM rooms_outbox.notifications n
       WHERE n.recipient_id = $1 AND n.delivered_at IS NULL AND n.expires_at > now()
         AND NOT (n.kind = 'reminder' AND EXISTS (SELECT 1 FROM rooms.bookings b WHERE b.booking_id = n.booking_id AND b.status <> 'booked'))
       ORDER BY n.created_at, n.id LIMIT $2`,
      [employeeId, limit],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        recipientId: r.recipient_id,
        kind: r.kind as RoomsNotificationKind,
        bookingId: r.booking_id,
        seriesId: r.series_id,
        roomId: r.room_id,
        data: r.data,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }
}

@CommandHandler(MarkRoomsNotificationDeliveredCommand)
export class MarkRoomsNotificationDeliveredHandler implements ICommandHandler<MarkRoomsNotificationDeliveredCommand> {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent; `first` only for the call that made the mark (the one bot instance that sends). */
  async execute({ id }: MarkRoomsNotificationDeliveredCommand) {
    const rows: { delivered_at: Date; first: boolean }[] = await this.ds.query(
      `WITH upd AS (UPDATE rooms_outbox.notifications SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL RETURNING delivered_at)
       SELECT delivered_at, true AS first FROM upd
       UNION ALL SELECT delivered_at, false AS first FROM rooms_outbox.notifications WHERE id = $1 AND delivered_at IS NOT NULL`,
      [id],
    );
    if (!rows.length) throw problem(404, 'notification.not_found', `Notification ${id} does not exist`);
    return { id, deliveredAt: new Date(rows[0].delivered_at).toISOString(), first: rows[0].first };
  }
}

