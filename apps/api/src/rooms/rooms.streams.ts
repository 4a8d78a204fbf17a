import { roomDayStreamId, roomStreamId, type BookingResultDto, type RoomDayEvent } from '@megabot/contracts';
import { roomContextOf, roomDayWriteSide, RoomsErrors, roomWriteSide, type RoomContext, type RoomDayState } from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import type { Executed, WriteSides } from '../core/write-side';

/*
 * The rooms as their streams say now, read through the write side's
 * processors (each reads only what was appended since it last looked): what
 * booking commands carry, and what queries see that must not lag behind the
 * read model (a slot booked a moment ago is not offered again).
 */

/** The room's context around [fromMs, toMs] (an admin or another API instance may just have changed the room). */
export async function roomContext(writeSides: WriteSides, roomId: string, fromMs: number, toMs = fromMs): Promise<RoomContext> {
  const { state } = await writeSides.of(roomWriteSide).fresh(roomStreamId(roomId));
  return roomContextOf(roomId, state, zoneOffsetsFromIntl, fromMs, toMs);
}

export async function roomDay(writeSides: WriteSides, roomId: string, date: string): Promise<RoomDayState> {
  return (await writeSides.of(roomDayWriteSide).fresh(roomDayStreamId(roomId, date))).state;
}

/** The answer of a booking command: where it wrote, and the booking as the processor that decided it knows it (a retry too). */
export async function bookingResult(
  writeSides: WriteSides,
  { result }: Executed<RoomDayEvent>,
  roomId: string,
  date: string,
  bookingId: string,
): Promise<BookingResultDto> {
  const { state } = await writeSides.of(roomDayWriteSide).current(roomDayStreamId(roomId, date));
  const b = state.bookings.find((x) => x.bookingId === bookingId);
  if (!b) throw RoomsErrors.bookingNotFound(bookingId);
  return { ...result, bookingId, roomId, date, start: b.start, end: b.end, status: b.status };
}

/** A room-day command as a route starts it: the domain's own, before its handler adds the room's context and the room-day's date. */
export type RoomDayRequest<C> = C extends unknown ? Omit<C, 'room' | 'date'> : never;
