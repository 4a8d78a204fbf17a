import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FloorRoomsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { SeatingReadModel } from '../seating.read-model';

type Booking = { room_id: string; start_at: Date; end_at: Date; start_local: string; end_local: string };

export class FloorRoomsQuery extends Query<FloorRoomsView> {
  constructor(
    readonly officeId: string,
    readonly floor: number,
    readonly waitFor: string | undefined,
  ) {
    super();
  }
}

/** From the rooms read model: a room is busy while a booking (booked or checked in) is in progress. Booking opens the rooms feature's own routes. */
@QueryHandler(FloorRoomsQuery)
export class FloorRoomsHandler implements IQueryHandler<FloorRoomsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly seating: SeatingReadModel,
  ) {}

  async execute(ref: FloorRoomsQuery): Promise<FloorRoomsView> {
    await this.seating.reachRooms(ref.waitFor);
    const plan = await this.seating.plan(ref.officeId, ref.floor);
    const ids = plan.shapes.rooms.map((r) => r.roomId);
    const now = new Date();
    const [rooms, bookings]: [{ room_id: string; name: string; capacity: number }[], Booking[]] = await Promise.all([
      this.ds.query(`SELECT room_id, name, capacity FROM rooms.rooms WHERE room_id = ANY($1) AND status = 'active'`, [ids]),
      this.ds.query(
        `SELECT room_id, start_at, end_at, start_local, end_local FROM rooms.bookings
         WHERE room_id = ANY($1) AND status IN ('booked', 'checked_in') AND end_at > $2 AND start_at < $2::timestamptz + interval '1 day'
         ORDER BY start_at`,
        [ids, now],
      ),
    ]);
    const byId = new Map(rooms.map((r) => [r.room_id, r]));
    return {
      officeId: ref.officeId,
      floor: ref.floor,
      at: now.toISOString(),
      rooms: plan.shapes.rooms.flatMap((shape) => {
        const room = byId.get(shape.roomId);
        if (!room) return [];
        const mine = bookings.filter((b) => b.room_id === shape.roomId);
        const current = mine.find((b) => new Date(b.start_at) <= now);
        // Free: until the next booking if it starts on the same local day (its date prefix), else for the rest of the day.
        const next = mine.find((b) => new Date(b.start_at) > now);
        const until = current ? current.end_local : next && next.start_local.slice(0, 10) === this.localDate(next.start_local, now) ? next.start_local : null;
        return [{ roomId: shape.roomId, name: room.name, capacity: room.capacity, shapeId: shape.shapeId, nodeId: shape.nodeId, freeNow: !current, until }];
      }),
    };
  }

  /** Today's date in the offset of a booking's local time. */
  private localDate(localIso: string, now: Date): string {
    const offset = localIso.slice(-6);
    const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    return new Date(now.getTime() + minutes * 60_000).toISOString().slice(0, 10);
  }
}
