import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FreeRoomsQueryDto, FreeRoomsView, RoomSettings } from '@megabot/contracts';
import { findFreeRooms, fromLocal, holidayClosing, noonOf, parseHhmm, roomContextOf, roomDayOf, RoomsErrors } from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import { WorkingDaysReader } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { WriteSides } from '../../core/write-side';
import type { Row } from '../rooms.read-model';
import { roomDay } from '../rooms.streams';

export class FindFreeRoomsQuery extends Query<FreeRoomsView> {
  constructor(
    readonly officeId: string,
    readonly filter: FreeRoomsQueryDto,
  ) {
    super();
  }
}

/** The office's rooms from the read model; whether each is free, from its room-day stream (a slot booked a moment ago is not offered); none on a holiday that closes it. */
@QueryHandler(FindFreeRoomsQuery)
export class FindFreeRoomsHandler implements IQueryHandler<FindFreeRoomsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ officeId, filter }: FindFreeRoomsQuery): Promise<FreeRoomsView> {
    const byInstant = filter.start !== undefined && filter.end !== undefined;
    const byLocal = filter.date !== undefined && filter.from !== undefined && filter.to !== undefined;
    if (byInstant === byLocal) throw problem(400, 'validation.failed', 'Give either start and end, or date, from and to');
    const [office] = await this.ds.query(`SELECT office_id FROM rooms.offices WHERE office_id = $1`, [officeId]);
    if (!office) throw RoomsErrors.officeNotFound(officeId);
    const rows: Row[] = await this.ds.query(`SELECT settings FROM rooms.rooms WHERE office_id = $1 AND status = 'active'`, [officeId]);
    const now = new Date();
    const calendarAt = await new WorkingDaysReader(this.ds).ofOffice(officeId);
    const equipment = filter.equipment
      ?.split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const out: FreeRoomsView = { rooms: [], unavailable: [] };
    // Each room in its own zone (an office may have rooms in another zone): one search per room, merged and ranked like findFreeRooms.
    await Promise.all(
      rows.map(async (row) => {
        const settings = row.settings as RoomSettings;
        const around = byInstant ? Date.parse(filter.start!) : noonOf(filter.date!);
        // The projected settings of an active room, with its zone around the range asked for.
        const room = roomContextOf(settings.roomId, { status: 'active', settings }, zoneOffsetsFromIntl, around);
        const startMs = byInstant ? Date.parse(filter.start!) : fromLocal(room.zone, filter.date!, parseHhmm(filter.from!) ?? 0);
        const endMs = byInstant ? Date.parse(filter.end!) : fromLocal(room.zone, filter.date!, parseHhmm(filter.to!, true) ?? 0);
        const date = roomDayOf(room, startMs);
        const closing = holidayClosing(settings.workingHours, calendarAt(date), date);
        if (closing) {
          const error = RoomsErrors.holiday(date, closing.title);
          out.unavailable.push({ roomId: settings.roomId, name: settings.name, code: error.code, message: error.message });
          return;
        }
        const day = await roomDay(this.writeSides, settings.roomId, date);
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
