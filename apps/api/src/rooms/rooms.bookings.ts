import { Injectable } from '@nestjs/common';
import type { BookingResultDto } from '@megabot/contracts';
import { RoomsErrors } from '@megabot/domain';
import type { CommandOutcome } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { commandResult, noonOf, RoomsWriteModel } from './rooms.write-model';

/**
 * Finds the room-day stream of a booking (its room and local date) through
 * the read model; the command itself is then decided on that stream. A
 * client that booked a moment ago passes the position it got as `waitFor`.
 */
@Injectable()
export class BookingLocator {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  async locate(bookingId: string, waitFor?: string): Promise<{ roomId: string; date: string }> {
    await this.progress.waitFor('rooms', waitFor);
    const [row] = await this.ds.query(`SELECT room_id, date FROM rooms.bookings WHERE booking_id = $1`, [bookingId]);
    if (!row) throw RoomsErrors.bookingNotFound(bookingId);
    return { roomId: row.room_id, date: row.date };
  }
}

/** The answer of a booking command: where it wrote and the booking as decided (also for a retried command). */
export async function bookingResult(rooms: RoomsWriteModel, outcome: CommandOutcome, roomId: string, date: string, bookingId: string): Promise<BookingResultDto> {
  const day = await rooms.decidedDay(roomId, date);
  const b = day.bookings.find((x) => x.bookingId === bookingId);
  if (!b) throw RoomsErrors.bookingNotFound(bookingId);
  return { ...commandResult(outcome), bookingId, roomId, date, start: b.start, end: b.end, status: b.status };
}

/** The room context around one room-day. */
export const contextOfDay = (rooms: RoomsWriteModel, roomId: string, date: string) => rooms.roomContext(roomId, noonOf(date));
