import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deskDayStreamId, type DeskBookingResultDto, type DeskDayEvent } from '@megabot/contracts';
import { deskDayWriteSide, SeatingErrors, type BookDesk, type DeskContext } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { ExecuteCommand, WriteSides, type Executed } from '../../core/write-side';
import { derivedId } from '../../rooms/rooms.params';
import { deskContext } from '../seating.streams';

/** A desk-day command as a route starts it, before the handler adds the desk's context (and, to book, the booking id and the employee's other seat). */
export type BookDeskRequest = Omit<BookDesk, 'desk' | 'bookingId' | 'employeeSeatElsewhere'>;

export class BookDeskCommand extends Command<DeskBookingResultDto> {
  constructor(
    readonly desk: { officeId: string; floor: number; deskId: string },
    readonly command: BookDeskRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The answer of a desk-day command: where it wrote, and the booking as the processor that decided it knows it (a retry too). */
export async function deskBookingResult(
  writeSides: WriteSides,
  { result, events }: Executed<DeskDayEvent>,
  desk: DeskContext,
  date: string,
  bookingId?: string,
): Promise<DeskBookingResultDto> {
  const { state } = await writeSides.of(deskDayWriteSide).current(deskDayStreamId(desk.officeId, desk.floor, desk.deskId, date));
  const id = bookingId ?? events[0]?.data.bookingId;
  const b = state.bookings.find((x) => x.bookingId === id);
  if (!b) throw SeatingErrors.bookingNotFound(desk.deskId, date);
  return { ...result, bookingId: b.bookingId, officeId: desk.officeId, floor: desk.floor, deskId: desk.deskId, date, status: b.status };
}

/**
 * Books on the desk-day stream. The booking id derives from the request (a
 * retry lands on the same booking); the employee's other booking that day
 * comes from the read model (one desk per person and day, see BookDesk).
 */
@CommandHandler(BookDeskCommand)
export class BookDeskHandler implements ICommandHandler<BookDeskCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
    private readonly ds: DataSource,
  ) {}

  async execute({ desk: ref, command, context }: BookDeskCommand): Promise<DeskBookingResultDto> {
    const desk = await deskContext(this.writeSides, ref.officeId, ref.floor, ref.deskId);
    const bookingId = derivedId('d', command.actor.employeeId, context.commandId, ref.officeId, String(ref.floor), ref.deskId, command.date);
    const [other] = await this.ds.query(
      `SELECT office_id, floor, desk_id FROM seating.desk_bookings
       WHERE employee_id = $1 AND date = $2 AND status = 'booked' AND NOT (office_id = $3 AND floor = $4 AND desk_id = $5) LIMIT 1`,
      [command.employeeId, command.date, ref.officeId, ref.floor, ref.deskId],
    );
    const employeeSeatElsewhere = other ? { officeId: other.office_id, floor: other.floor, deskId: other.desk_id } : null;
    const executed = await this.commands.execute(new ExecuteCommand(deskDayWriteSide, { ...command, desk, bookingId, employeeSeatElsewhere }, context));
    return deskBookingResult(this.writeSides, executed, desk, command.date, bookingId);
  }
}
