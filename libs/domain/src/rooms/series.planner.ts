import type { RecurrenceRule, SkippedOccurrence } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { trySlot } from './booking.rules';
import { initialRoomDayState, type RoomDayState } from './room-day.state';
import { RoomsErrors } from './rooms.errors';
import type { RoomContext } from './rooms.settings';
import { expandRecurrence } from './series.rules';
import { addDays, daysBetween, DAY_MINUTES, fromLocal, parseHhmm, toLocal } from './zone';

export interface PlannedOccurrence {
  date: string;
  /** ISO instants (UTC); the room-day decider stores them with the room's offset. */
  start: string;
  end: string;
}

/** An occurrence that cannot be booked as planned, and the rule it breaks. */
export interface OccurrenceConflict extends PlannedOccurrence {
  code: string;
  message: string;
  conflictingBookingId: string | null;
  details: Record<string, unknown>;
}

export interface SeriesPlan {
  rule: RecurrenceRule;
  /** Occurrences that can be booked now, ascending. */
  bookable: PlannedOccurrence[];
  /** Occurrences that cannot - shown to the organizer, never dropped silently. */
  conflicts: OccurrenceConflict[];
  /** `conflicts` in the form CreateSeries.skip / SeriesCreated.skipped take. */
  skipped: SkippedOccurrence[];
}

export interface SeriesPlanInput {
  room: RoomContext;
  /** A resolved rule (resolveRecurrence). */
  rule: RecurrenceRule;
  /** The room-day states of the rule's dates, folded from their streams; a missing date has no bookings. */
  days: Readonly<Record<string, RoomDayState | undefined>>;
  now: Date;
  /** When re-planning an existing series: its own bookings do not conflict. */
  seriesId?: string;
}

/**
 * Expands a series into its occurrences, one per room-day, and checks each
 * with the same rules as a single booking (checkSlot, series horizon; the
 * per-person daily limit does not apply to series). A series running past
 * policy.maxSeriesDaysAhead is rejected as a whole (rooms.series_too_long).
 */
export function planSeries(input: SeriesPlanInput): SeriesPlan {
  const { room, rule, now } = input;
  const dates = expandRecurrence(rule);
  const today = toLocal(room.zone, now.getTime()).date;
  const horizon = room.settings.policy.maxSeriesDaysAhead;
  const last = dates[dates.length - 1];
  if (last !== undefined && daysBetween(today, last) > horizon) throw RoomsErrors.seriesTooLong(last, addDays(today, horizon));
  const startMinute = parseHhmm(rule.startTime) ?? 0;
  const endMinute = parseHhmm(rule.endTime, true) ?? DAY_MINUTES;
  const bookable: PlannedOccurrence[] = [];
  const conflicts: OccurrenceConflict[] = [];
  for (const date of dates) {
    const startMs = fromLocal(room.zone, date, startMinute);
    const endMs = fromLocal(room.zone, date, endMinute);
    const occurrence = { date, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
    let day = input.days[date] ?? initialRoomDayState;
    if (input.seriesId) day = { ...day, bookings: day.bookings.filter((b) => b.seriesId !== input.seriesId) };
    const result = trySlot(room, day, date, { startMs, endMs, horizon: 'series' }, now);
    if (result instanceof DomainError) {
      const conflictingBookingId = typeof result.details.conflictingBookingId === 'string' ? result.details.conflictingBookingId : null;
      conflicts.push({ ...occurrence, code: result.code, message: result.message, conflictingBookingId, details: result.details });
    } else {
      bookable.push(occurrence);
    }
  }
  return {
    rule,
    bookable,
    conflicts,
    skipped: conflicts.map((c) => ({ date: c.date, reason: c.code, conflictingBookingId: c.conflictingBookingId })),
  };
}

/** The booking id of a series occurrence (deterministic: a retried booking of the same date is recognized). */
export const occurrenceBookingId = (seriesId: string, date: string) => `${seriesId}-${date}`;
