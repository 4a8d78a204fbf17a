import { Command } from '@nestjs/cqrs';
import type { BookingResultDto, ChangeBookingDto, CheckInChannel } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

/** A command on an existing booking, found through the read model (`waitFor`: the position the booking was written at). */
abstract class OnBooking extends Command<BookingResultDto> {
  constructor(
    readonly bookingId: string,
    readonly ctx: RoomsCommandContext,
    readonly waitFor?: string,
  ) {
    super();
  }
}

/** Title, attendees, privacy, times (same room-day, before the start). Organizer or admin. */
export class ChangeBookingCommand extends OnBooking {
  constructor(bookingId: string, readonly body: ChangeBookingDto, ctx: RoomsCommandContext, waitFor?: string) {
    super(bookingId, ctx, waitFor);
  }
}

/** Before the start. Organizer or admin. */
export class CancelBookingCommand extends OnBooking {
  constructor(bookingId: string, readonly reason: string | undefined, ctx: RoomsCommandContext, waitFor?: string) {
    super(bookingId, ctx, waitFor);
  }
}

/** The end moves later by `minutes`. Participants or admin. */
export class ExtendBookingCommand extends OnBooking {
  constructor(bookingId: string, readonly minutes: number, ctx: RoomsCommandContext, waitFor?: string) {
    super(bookingId, ctx, waitFor);
  }
}

/** A meeting in progress is over: the room is free from this minute. Participants or admin. */
export class EndBookingEarlyCommand extends OnBooking {}

/** The meeting takes place (from the reminder's button, or an admin on someone's behalf). */
export class CheckInBookingCommand extends OnBooking {
  constructor(bookingId: string, readonly via: CheckInChannel, ctx: RoomsCommandContext, waitFor?: string) {
    super(bookingId, ctx, waitFor);
  }
}

/** The door's QR code names only the room: checks in the booking whose check-in is open now. */
export class CheckInRoomCommand extends Command<BookingResultDto> {
  constructor(
    readonly roomId: string,
    readonly via: CheckInChannel,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}
