import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { roomSeriesStreamId, type CommandResultDto } from '@megabot/contracts';
import { DomainError, isActive, noonOf, occurrenceBookingId, roomDayWriteSide, seriesWriteSide, type CancelSeries } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { roomContext, roomDay } from '../rooms.streams';

export class CancelSeriesCommand extends Command<CommandResultDto & { seriesId: string; cancelledBookings: string[] }> {
  constructor(
    readonly command: CancelSeries,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Stops the series from a date on, then cancels each of its bookings from
 * that date that has not started (one command id per booking: a retry
 * cancels only what is left).
 */
@CommandHandler(CancelSeriesCommand)
export class CancelSeriesHandler implements ICommandHandler<CancelSeriesCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ command, context }: CancelSeriesCommand) {
    const { seriesId, actor, reason } = command;
    const { result } = await this.commands.execute(new ExecuteCommand(seriesWriteSide, command, context));
    const { state: series } = await this.writeSides.of(seriesWriteSide).current(roomSeriesStreamId(seriesId));
    const cancelledBookings: string[] = [];
    if (series.status === 'none' || series.cancelledFrom === null) return { ...result, seriesId, cancelledBookings };
    const dates = series.occurrences.filter((d) => d >= series.cancelledFrom!);
    if (dates.length === 0) return { ...result, seriesId, cancelledBookings };
    const room = await roomContext(this.writeSides, series.roomId, noonOf(dates[0]), noonOf(dates[dates.length - 1]));
    const now = Date.now();
    for (const date of dates) {
      const bookingId = occurrenceBookingId(seriesId, date);
      const b = (await roomDay(this.writeSides, series.roomId, date)).bookings.find((x) => x.bookingId === bookingId);
      if (!b || !isActive(b) || b.startMs <= now) continue; // started occurrences are ended early, not cancelled
      try {
        await this.commands.execute(
          new ExecuteCommand(
            roomDayWriteSide,
            { type: 'CancelBooking', room, date, actor, bookingId, reason: reason ?? 'series cancelled' },
            { commandId: `series-cancel-${seriesId}-${date}`, actorId: actor.employeeId },
          ),
        );
        cancelledBookings.push(bookingId);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
    }
    return { ...result, seriesId, cancelledBookings };
  }
}
