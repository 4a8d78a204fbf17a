import { DomainError } from '@megabot/domain';
import type { EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../polling-manager';
import { RoomsWriter } from './rooms.writer';

export interface ReleaseRound {
  due: number;
  released: number;
}

/** The moment an unconfirmed booking can be released: start + the room's check-in window, never after its end. */
const DEADLINE = `least(b.start_at + make_interval(mins => r.check_in_window_minutes), b.end_at)`;

/**
 * Auto-release: a booking nobody checked in for within its room's check-in
 * window (per room, default 10 minutes) is released at the deadline and
 * the room is free again. Due bookings come from the read model; the
 * release is decided on the room-day stream (ReleaseBooking), which leaves
 * a booking alone that was checked in, cancelled or ended meanwhile and
 * refuses one that is not due (settings changed): the read model only says
 * where to look. One command id per booking: a second instance, or a
 * repeat after a restart, is the same command.
 */
export class RoomsReleaseManager extends PollingManager {
  readonly name = 'rooms-release';
  private readonly writer: RoomsWriter;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    options: PollingOptions = {},
  ) {
    super(options);
    this.writer = new RoomsWriter(store, this.clock);
  }

  async tick(): Promise<ReleaseRound> {
    const round: ReleaseRound = { due: 0, released: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due: { booking_id: string; room_id: string; date: string }[] = await this.ds.query(
        `SELECT b.booking_id, b.room_id, b.date FROM rooms.bookings b JOIN rooms.rooms r ON r.room_id = b.room_id
         WHERE b.status = 'booked' AND r.auto_release AND ${DEADLINE} <= $1
         ORDER BY b.start_at, b.booking_id LIMIT $2`,
        [this.clock().toISOString(), this.batchSize],
      );
      const fresh = due.filter((d) => !seen.has(d.booking_id));
      if (!fresh.length) break;
      fresh.forEach((d) => seen.add(d.booking_id));
      round.due += fresh.length;
      for (const d of fresh) if (await this.release(d.room_id, d.date, d.booking_id)) round.released++;
      if (due.length < this.batchSize) break;
    }
    return round;
  }

  private async release(roomId: string, date: string, bookingId: string): Promise<boolean> {
    try {
      const room = await this.writer.roomContext(roomId, date);
      const outcome = await this.writer.day({ type: 'ReleaseBooking', room, date, bookingId }, `rooms-release-${bookingId}`, this.name);
      return outcome.events.some((e) => e.type === 'BookingReleased');
    } catch (e) {
      if (!(e instanceof DomainError)) this.options.log?.(`releasing ${bookingId}: ${(e as Error).message}`);
      return false;
    }
  }

  protected override async untilNext(): Promise<number> {
    const now = this.clock();
    const [row] = await this.ds.query(
      `SELECT min(${DEADLINE}) AS next FROM rooms.bookings b JOIN rooms.rooms r ON r.room_id = b.room_id
       WHERE b.status = 'booked' AND r.auto_release AND ${DEADLINE} > $1`,
      [now.toISOString()],
    );
    return row?.next ? new Date(row.next).getTime() - now.getTime() : this.pollMs;
  }
}
