import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deskDayStreamId, type DeskBookingResultDto, type DeskDayEvent } from '@megabot/contracts';
import { deskDayWriteSide, SeatingErrors, type BookDesk, type DeskContext, type DeskRef } from '@megabot/domain';
import type { CommandContext, EventStore } from '@megabot/event-store';
import { SEATING_PROJECTION, SEATING_SCHEMA } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../../core/api-options';
import { ExecuteCommand, WriteSides, type Executed } from '../../core/write-side';
import { derivedId } from '../../rooms/rooms.params';
import { deskContext } from '../seating.streams';

/** At most this much of the log beyond the read model is looked at (it is a few events while the projector keeps up). */
const TAIL_LIMIT = 2_000;

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
 * comes from the read model and the log beyond its checkpoint (committed
 * events, settled or not), confirmed on its own stream (one desk per person
 * and day, see BookDesk: a booking made a moment ago counts, a cancellation
 * too; only two made at the very same instant may both go through).
 */
@CommandHandler(BookDeskCommand)
export class BookDeskHandler implements ICommandHandler<BookDeskCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
    private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ desk: ref, command, context }: BookDeskCommand): Promise<DeskBookingResultDto> {
    const desk = await deskContext(this.writeSides, ref.officeId, ref.floor, ref.deskId);
    const bookingId = derivedId('d', command.actor.employeeId, context.commandId, ref.officeId, String(ref.floor), ref.deskId, command.date);
    const employeeSeatElsewhere = await this.seatElsewhere(command.employeeId, command.date, ref);
    const executed = await this.commands.execute(new ExecuteCommand(deskDayWriteSide, { ...command, desk, bookingId, employeeSeatElsewhere }, context));
    return deskBookingResult(this.writeSides, executed, desk, command.date, bookingId);
  }

  /**
   * The employee's active booking of another desk that day: the read model's,
   * brought up to now with the log after its checkpoint (read first, so the
   * tail replays whatever the rows may already hold, in order).
   */
  private async seatElsewhere(employeeId: string, date: string, desk: DeskRef): Promise<DeskRef | null> {
    const [cp] = await this.ds.query(`SELECT commit_position, prepare_position FROM ${SEATING_SCHEMA}.checkpoint WHERE projection = $1`, [SEATING_PROJECTION]);
    const rows: { booking_id: string; office_id: string; floor: number; desk_id: string }[] = await this.ds.query(
      `SELECT booking_id, office_id, floor, desk_id FROM seating.desk_bookings WHERE employee_id = $1 AND date = $2 AND status = 'booked'`,
      [employeeId, date],
    );
    const active = new Map<string, DeskRef>(rows.map((r) => [r.booking_id, { officeId: r.office_id, floor: r.floor, deskId: r.desk_id }]));
    const after = cp ? { commit: BigInt(cp.commit_position), prepare: BigInt(cp.prepare_position) } : undefined;
    // Unsettled too: the employee's booking committed a moment ago counts even while an unrelated older transaction is open.
    for (const e of await this.store.readAll({ after, maxCount: TAIL_LIMIT, unsettled: true })) {
      if (e.type !== 'DeskBooked' && e.type !== 'DeskBookingCancelled') continue;
      const d = (e as unknown as DeskDayEvent).data;
      if (d.employeeId !== employeeId || d.date !== date) continue;
      if (e.type === 'DeskBooked') active.set(d.bookingId, { officeId: d.officeId, floor: d.floor, deskId: d.deskId });
      else active.delete(d.bookingId);
    }
    // What the read side says is confirmed on the desk-day stream itself: the read model can hold a booking whose
    // cancellation is in the tail read only partly (past TAIL_LIMIT), and a stream is the last word on its bookings.
    for (const [bookingId, seat] of active) {
      if (seat.officeId === desk.officeId && seat.floor === desk.floor && seat.deskId === desk.deskId) continue;
      const { state } = await this.writeSides.of(deskDayWriteSide).fresh(deskDayStreamId(seat.officeId, seat.floor, seat.deskId, date));
      if (state.bookings.some((b) => b.bookingId === bookingId && b.employeeId === employeeId && b.status === 'booked')) return seat;
    }
    return null;
  }
}
