import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RecurrenceRule, SeriesConflictView, SeriesResultDto } from '@megabot/contracts';
import {
  DomainError,
  expandRecurrence,
  formatLocalIso,
  fromLocal,
  parseHhmm,
  isActive,
  occurrenceBookingId,
  planSeries,
  resolveRecurrence,
  RoomsErrors,
  type RecurrenceInput,
  type RoomContext,
  type RoomDayState,
  type SeriesPlan,
} from '@megabot/domain';
import { RolesService } from '../../core/roles.service';
import { commandResult, derivedId, noonOf, RoomsWriteModel } from '../rooms.write-model';
import { CancelSeriesCommand, ConfirmSeriesCommand, CreateSeriesCommand, PlanSeriesQuery } from './series.commands';

/** Room-day streams read at once while planning (a daily series over half a year reads ~130). */
const PLAN_CONCURRENCY = 8;

function ruleInput(rule: RecurrenceInput): RecurrenceInput {
  return JSON.parse(JSON.stringify(rule)) as RecurrenceInput;
}

/** The room's context over the whole series and every room-day of it, as their streams say now. */
async function planFor(rooms: RoomsWriteModel, roomId: string, input: RecurrenceInput, now: Date, seriesId?: string) {
  const probe = await rooms.roomContext(roomId, noonOf(input.startDate));
  const rule = resolveRecurrence(input, probe.settings.workingHours.days);
  const dates = expandRecurrence(rule);
  const room = await rooms.roomContext(roomId, noonOf(dates[0]), noonOf(dates[dates.length - 1]));
  const days: Record<string, RoomDayState> = {};
  for (let i = 0; i < dates.length; i += PLAN_CONCURRENCY) {
    const chunk = dates.slice(i, i + PLAN_CONCURRENCY);
    const states = await Promise.all(chunk.map((d) => rooms.dayState(roomId, d)));
    chunk.forEach((d, j) => (days[d] = states[j]));
  }
  return { room, plan: planSeries({ room, rule, days, now, seriesId }) };
}

function conflictsOf(room: RoomContext, plan: SeriesPlan): SeriesConflictView[] {
  return plan.conflicts.map((c) => ({
    date: c.date,
    start: formatLocalIso(room.zone, Date.parse(c.start)),
    end: formatLocalIso(room.zone, Date.parse(c.end)),
    code: c.code,
    message: c.message,
    conflictingBookingId: c.conflictingBookingId,
  }));
}

@QueryHandler(PlanSeriesQuery)
export class PlanSeriesHandler implements IQueryHandler<PlanSeriesQuery> {
  constructor(private readonly rooms: RoomsWriteModel) {}

  async execute({ roomId, body }: PlanSeriesQuery) {
    const { room, plan } = await planFor(this.rooms, roomId, ruleInput(body.rule), new Date());
    return {
      rule: plan.rule,
      bookable: plan.bookable.map((o) => ({ date: o.date, start: formatLocalIso(room.zone, Date.parse(o.start)), end: formatLocalIso(room.zone, Date.parse(o.end)) })),
      conflicts: conflictsOf(room, plan),
    };
  }
}

/**
 * Plan, record, book. The plan's conflicts are recorded as skipped dates in
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
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ roomId, body, ctx }: CreateSeriesCommand): Promise<SeriesResultDto> {
    const now = new Date();
    const seriesId = derivedId('s', ctx.actorId, ctx.commandId);
    const actor = await this.roles.actor(ctx.actorId);
    const organizerId = body.organizerId ?? ctx.actorId;
    const { room, plan } = await planFor(this.rooms, roomId, ruleInput(body.rule), now, seriesId);
    const outcome = await this.rooms.seriesCommand(
      {
        type: 'CreateSeries',
        seriesId,
        room,
        organizerId,
        title: body.title,
        attendees: body.attendees,
        private: body.private,
        rule: ruleInput(body.rule),
        skip: plan.skipped,
        unattendedLimit: body.unattendedLimit,
        actor,
      },
      ctx,
      { roomId, body },
    );
    const series = await this.rooms.seriesState(seriesId);
    if (series.status === 'none') throw RoomsErrors.seriesNotFound(seriesId);
    const booked: SeriesResultDto['booked'] = [];
    const failed: SeriesResultDto['failed'] = [];
    for (const date of series.occurrences) {
      if (series.outcomes[date] === 'failed') {
        failed.push({ date, code: 'rooms.slot_taken', message: 'Booked by someone else before the series could book it' });
        continue;
      }
      const bookingId = occurrenceBookingId(seriesId, date);
      const dayRoom = await this.rooms.roomContext(roomId, noonOf(date));
      const start = localInstant(dayRoom, date, series.rule.startTime);
      const end = localInstant(dayRoom, date, series.rule.endTime);
      try {
        await this.rooms.day(
          { type: 'BookRoom', room: dayRoom, date, actor, bookingId, title: series.title, organizerId, start, end, attendees: body.attendees, private: body.private, seriesId },
          { commandId: `series-book-${seriesId}-${date}`, actorId: ctx.actorId, correlationId: ctx.correlationId ?? ctx.commandId },
        );
        const b = (await this.rooms.decidedDay(roomId, date)).bookings.find((x) => x.bookingId === bookingId);
        booked.push({ date, bookingId, start: b?.start ?? start, end: b?.end ?? end });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failed.push({ date, code: e.code, message: e.message });
        await this.rooms
          .seriesCommand({ type: 'RecordOccurrenceFailed', seriesId, date, reason: e.code }, { commandId: `series-failed-${seriesId}-${date}`, actorId: ctx.actorId })
          .catch(() => undefined);
      }
    }
    // A retry answers from the recorded series: its skipped dates, with the reason code (the plan of now may differ).
    const conflicts = outcome.duplicate ? skippedAsConflicts(room, series.rule, seriesSkipped(plan, series.occurrences, series.rule)) : conflictsOf(room, plan);
    return { ...commandResult(outcome), seriesId, roomId, rule: series.rule, booked, conflicts, failed };
  }
}

/** Dates of the rule that are not occurrences, with the plan's reasons where it still knows them. */
function seriesSkipped(plan: SeriesPlan, occurrences: string[], rule: RecurrenceRule) {
  return expandRecurrence(rule)
    .filter((d) => !occurrences.includes(d))
    .map((d) => plan.conflicts.find((c) => c.date === d) ?? { date: d, code: 'rooms.slot_taken', message: 'Not available when the series was created', conflictingBookingId: null });
}

function skippedAsConflicts(room: RoomContext, rule: RecurrenceRule, skipped: { date: string; code: string; message: string; conflictingBookingId: string | null }[]) {
  return skipped.map((s) => ({
    date: s.date,
    start: localInstant(room, s.date, rule.startTime),
    end: localInstant(room, s.date, rule.endTime),
    code: s.code,
    message: s.message,
    conflictingBookingId: s.conflictingBookingId,
  }));
}

function localInstant(room: RoomContext, date: string, hhmm: string): string {
  return formatLocalIso(room.zone, fromLocal(room.zone, date, parseHhmm(hhmm, true) ?? 0));
}

@CommandHandler(CancelSeriesCommand)
export class CancelSeriesHandler implements ICommandHandler<CancelSeriesCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ seriesId, fromDate, reason, ctx }: CancelSeriesCommand) {
    const actor = await this.roles.actor(ctx.actorId);
    const outcome = await this.rooms.seriesCommand({ type: 'CancelSeries', seriesId, fromDate, reason, actor }, ctx, { cancelSeries: seriesId, fromDate, reason });
    const series = await this.rooms.seriesState(seriesId);
    const cancelledBookings: string[] = [];
    if (series.status === 'none' || series.cancelledFrom === null) return { ...commandResult(outcome), seriesId, cancelledBookings };
    const now = Date.now();
    for (const date of series.occurrences.filter((d) => d >= series.cancelledFrom!)) {
      const bookingId = occurrenceBookingId(seriesId, date);
      const day = await this.rooms.dayState(series.roomId, date);
      const b = day.bookings.find((x) => x.bookingId === bookingId);
      if (!b || !isActive(b) || b.startMs <= now) continue; // started occurrences are ended early, not cancelled
      const room = await this.rooms.roomContext(series.roomId, noonOf(date));
      try {
        await this.rooms.day(
          { type: 'CancelBooking', room, date, actor, bookingId, reason: reason ?? 'series cancelled' },
          { commandId: `series-cancel-${seriesId}-${date}`, actorId: ctx.actorId },
        );
        cancelledBookings.push(bookingId);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
    }
    return { ...commandResult(outcome), seriesId, cancelledBookings };
  }
}

@CommandHandler(ConfirmSeriesCommand)
export class ConfirmSeriesHandler implements ICommandHandler<ConfirmSeriesCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ seriesId, ctx }: ConfirmSeriesCommand) {
    const outcome = await this.rooms.seriesCommand({ type: 'ConfirmSeries', seriesId, actor: await this.roles.actor(ctx.actorId) }, ctx, { confirmSeries: seriesId });
    return { ...commandResult(outcome), seriesId };
  }
}
