import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { roomDayOf, RoomsErrors, type RoomDayCommand } from '@megabot/domain';
import { RolesService } from '../../core/roles.service';
import { BookingLocator, bookingResult, contextOfDay } from '../rooms.bookings';
import { RoomsWriteModel } from '../rooms.write-model';
import {
  CancelBookingCommand,
  ChangeBookingCommand,
  CheckInBookingCommand,
  CheckInRoomCommand,
  EndBookingEarlyCommand,
  ExtendBookingCommand,
} from './manage-booking.commands';

type OnBooking = ChangeBookingCommand | CancelBookingCommand | ExtendBookingCommand | EndBookingEarlyCommand | CheckInBookingCommand;

/** Locate the booking's room-day, build the command with the room's context, decide it there. */
@Injectable()
abstract class OnBookingHandler<C extends OnBooking> {
  constructor(
    protected readonly rooms: RoomsWriteModel,
    protected readonly roles: RolesService,
    protected readonly locator: BookingLocator,
  ) {}

  protected abstract command(c: C): { cmd: Record<string, unknown>; fingerprint: unknown };

  async execute(c: C) {
    const { roomId, date } = await this.locator.locate(c.bookingId, c.waitFor);
    const room = await contextOfDay(this.rooms, roomId, date);
    const { cmd, fingerprint } = this.command(c);
    const command = { ...cmd, bookingId: c.bookingId, room, date, actor: await this.roles.actor(c.ctx.actorId) } as unknown as RoomDayCommand;
    const outcome = await this.rooms.day(command, c.ctx, fingerprint);
    return bookingResult(this.rooms, outcome, roomId, date, c.bookingId);
  }
}

@CommandHandler(ChangeBookingCommand)
export class ChangeBookingHandler extends OnBookingHandler<ChangeBookingCommand> {
  protected command({ bookingId, body }: ChangeBookingCommand) {
    const { title, attendees, start, end } = body;
    return { cmd: { type: 'ChangeBooking', title, attendees, private: body.private, start, end }, fingerprint: { change: bookingId, body } };
  }
}

@CommandHandler(CancelBookingCommand)
export class CancelBookingHandler extends OnBookingHandler<CancelBookingCommand> {
  protected command({ bookingId, reason }: CancelBookingCommand) {
    return { cmd: { type: 'CancelBooking', reason }, fingerprint: { cancel: bookingId, reason } };
  }
}

@CommandHandler(ExtendBookingCommand)
export class ExtendBookingHandler extends OnBookingHandler<ExtendBookingCommand> {
  protected command({ bookingId, minutes }: ExtendBookingCommand) {
    return { cmd: { type: 'ExtendBooking', minutes }, fingerprint: { extend: bookingId, minutes } };
  }
}

@CommandHandler(EndBookingEarlyCommand)
export class EndBookingEarlyHandler extends OnBookingHandler<EndBookingEarlyCommand> {
  protected command({ bookingId }: EndBookingEarlyCommand) {
    return { cmd: { type: 'EndBookingEarly' }, fingerprint: { end: bookingId } };
  }
}

@CommandHandler(CheckInBookingCommand)
export class CheckInBookingHandler extends OnBookingHandler<CheckInBookingCommand> {
  protected command({ bookingId, via }: CheckInBookingCommand) {
    return { cmd: { type: 'CheckIn', via }, fingerprint: { checkIn: bookingId, via } };
  }
}

@CommandHandler(CheckInRoomCommand)
export class CheckInRoomHandler implements ICommandHandler<CheckInRoomCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ roomId, via, ctx }: CheckInRoomCommand) {
    const now = Date.now();
    const room = await this.rooms.roomContext(roomId, now);
    const date = roomDayOf(room, now);
    const outcome = await this.rooms.day({ type: 'CheckIn', room, date, via, actor: await this.roles.actor(ctx.actorId) }, ctx, { checkInRoom: roomId, via });
    // The booking checked in: the one this command's event names (or, for a retry, the actor's checked-in booking of today).
    const event = outcome.events.find((e) => e.type === 'BookingCheckedIn');
    let bookingId = event?.type === 'BookingCheckedIn' ? event.data.bookingId : undefined;
    if (!bookingId) {
      const day = await this.rooms.decidedDay(roomId, date);
      bookingId = day.bookings.find((b) => b.checkedInBy === ctx.actorId && b.status === 'checked_in')?.bookingId;
    }
    if (!bookingId) throw RoomsErrors.nothingToCheckIn(roomId);
    return bookingResult(this.rooms, outcome, roomId, date, bookingId);
  }
}
