import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SeriesPlanView } from '@megabot/contracts';
import {
  expandRecurrence,
  formatLocalIso,
  noonOf,
  planSeries,
  resolveRecurrence,
  type RecurrenceInput,
  type RoomContext,
  type RoomDayState,
  type SeriesPlan,
} from '@megabot/domain';
import { WriteSides } from '../../core/write-side';
import { roomContext, roomDay } from '../rooms.streams';

/** Which occurrences of a rule could be booked now and which not (and why); writes nothing. */
export class PlanSeriesQuery extends Query<SeriesPlanView> {
  constructor(
    readonly roomId: string,
    readonly rule: RecurrenceInput,
  ) {
    super();
  }
}

@QueryHandler(PlanSeriesQuery)
export class PlanSeriesHandler implements IQueryHandler<PlanSeriesQuery> {
  constructor(private readonly writeSides: WriteSides) {}

  async execute({ roomId, rule }: PlanSeriesQuery): Promise<SeriesPlanView> {
    const { room, plan } = await planFor(this.writeSides, roomId, rule, new Date());
    return {
      rule: plan.rule,
      bookable: plan.bookable.map((o) => ({
        date: o.date,
        start: formatLocalIso(room.zone, Date.parse(o.start)),
        end: formatLocalIso(room.zone, Date.parse(o.end)),
      })),
      conflicts: plan.conflicts.map((c) => ({
        date: c.date,
        start: formatLocalIso(room.zone, Date.parse(c.start)),
        end: formatLocalIso(room.zone, Date.parse(c.end)),
        code: c.code,
        message: c.message,
        conflictingBookingId: c.conflictingBookingId,
      })),
    };
  }
}

/** Room-day streams read at once while planning (a daily series over half a year reads ~130). */
const PLAN_CONCURRENCY = 8;

/** The plan of a rule against the room's context over the whole series and every room-day of it, as their streams say now. */
export async function planFor(
  writeSides: WriteSides,
  roomId: string,
  input: RecurrenceInput,
  now: Date,
  seriesId?: string,
): Promise<{ room: RoomContext; plan: SeriesPlan }> {
  const probe = await roomContext(writeSides, roomId, noonOf(input.startDate));
  const rule = resolveRecurrence(input, probe.settings.workingHours.days);
  const dates = expandRecurrence(rule);
  const room = await roomContext(writeSides, roomId, noonOf(dates[0]), noonOf(dates[dates.length - 1]));
  const days: Record<string, RoomDayState> = {};
  for (let i = 0; i < dates.length; i += PLAN_CONCURRENCY) {
    const chunk = dates.slice(i, i + PLAN_CONCURRENCY);
    const states = await Promise.all(chunk.map((d) => roomDay(writeSides, roomId, d)));
    chunk.forEach((d, j) => (days[d] = states[j]));
  }
  return { room, plan: planSeries({ room, rule, days, now, seriesId }) };
}
