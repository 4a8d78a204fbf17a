import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { roomSeriesStreamId, type SeriesResultDto } from '@megabot/contracts';
import {
  DomainError,
  formatLocalIso,
  fromLocal,
  occurrenceBookingId,
  parseHhmm,
  roomDayWriteSide,
  RoomsErrors,
  seriesWriteSide,
  type CreateSeries,
  type RoomContext,
} from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { planFor } from '../plan-series/plan-series.handler';
import { derivedId } from '../rooms.params';

/** CreateSeries before the handler adds the series id, the room's context and the dates its plan skips. */
export class CreateSeriesCommand extends Command<SeriesResultDto> {
  constructor(
    readonly roomId: string,
    readonly command: Omit<CreateSeries, 'seriesId' | 'room' | 'skip'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Plan, record, book (every occurrence with the room's context the plan
 * was made with, which spans the whole series). The plan's conflicts are recorded as skipped dates in
 * SeriesCreated and answered with their reasons - never dropped silently.
 * Each remaining occurrence is booked on its room-day with a booking id and
 * command id derived from the series and the date: a retried request (same
 * Idempotency-Key, so the same series id) books only what is still missing
 * and answers the same. An occurrence someone booked between plan and
 * booking is recorded as SeriesOccurrenceFailed and answered in `failed`.
 */
@CommandHandler(CreateSeriesCommand)
export class CreateSeriesHandler implements ICommandHandler<CreateSeriesCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ roomId, command, context }: CreateSeriesCommand): Promise<SeriesResultDto> {
    const { actor, organizerId, attendees } = command;
    const seriesId = derivedId('s', actor.employeeId, context.commandId);
    const { room, plan } = await planFor(this.writeSides, roomId, command.rule, new Date(), seriesId);
    const executed = await this.commands.execute(new ExecuteCommand(seriesWriteSide, { ...command, seriesId, room, skip: plan.skipped }, context));
    // The series as recorded - for a retry, the first time (the plan of now may differ).
    const created = executed.events.find((e) => e.type === 'SeriesCreated');
    const { state: series } = await this.writeSides.of(seriesWriteSide).current(roomSeriesStreamId(seriesId));
    if (created?.type !== 'SeriesCreated' || series.status === 'none') throw RoomsErrors.seriesNotFound(seriesId);
    const { rule, occurrences, skipped, title } = created.data;
    const booked: SeriesResultDto['booked'] = [];
    const failed: SeriesResultDto['failed'] = [];
    for (const date of occurrences) {
      if (series.outcomes[date] === 'failed') {
        failed.push({ date, code: 'rooms.slot_taken', message: 'Booked by someone else before the series could book it' });
        continue;
      }
      const bookingId = occurrenceBookingId(seriesId, date);
      const start = localInstant(room, date, rule.startTime);
      const end = localInstant(room, date, rule.endTime);
      const occurrence = { commandId: `series-book-${seriesId}-${date}`, actorId: actor.employeeId, correlationId: context.correlationId ?? context.commandId };
      try {
        await this.commands.execute(
          new ExecuteCommand(
            roomDayWriteSide,
            { type: 'BookRoom', room, date, actor, bookingId, title, organizerId, start, end, attendees, private: command.private, seriesId },
            occurrence,
          ),
        );
        booked.push({ date, bookingId, start, end });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failed.push({ date, code: e.code, message: e.message });
        const record = new ExecuteCommand(
          seriesWriteSide,
          { type: 'RecordOccurrenceFailed', seriesId, date, reason: e.code },
          { commandId: `series-failed-${seriesId}-${date}`, actorId: actor.employeeId },
        );
        await this.commands.execute(record).catch(() => undefined);
      }
    }
    const conflicts = skipped.map((s) => ({
      date: s.date,
      start: localInstant(room, s.date, rule.startTime),
      end: localInstant(room, s.date, rule.endTime),
      code: s.reason,
      message: plan.conflicts.find((c) => c.date === s.date && c.code === s.reason)?.message ?? 'Not available when the series was created',
      conflictingBookingId: s.conflictingBookingId,
    }));
    return { ...executed.result, seriesId, roomId, rule, booked, conflicts, failed };
  }
}

function localInstant(room: RoomContext, date: string, hhmm: string): string {
  return formatLocalIso(room.zone, fromLocal(room.zone, date, parseHhmm(hhmm, true) ?? 0));
}
