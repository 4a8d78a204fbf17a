import type { RecurrenceRule, Actor, SeriesEvent, SkippedOccurrence } from '@megabot/contracts';
import { ROOMS_SCHEMA_VERSIONS, roomSeriesStreamId, isAdmin } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { RoomsErrors } from './rooms.errors';
import { DEFAULT_UNATTENDED_LIMIT, MAX_TITLE_LENGTH, type RoomContext } from './rooms.settings';
import { expandRecurrence, resolveRecurrence, type RecurrenceInput } from './series.rules';
import { addDays, daysBetween, toLocal } from './zone';

/** Series ids leave room for the `-YYYY-MM-DD` of occurrence booking ids. */
const SERIES_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;

/**
 * Stream `roomseries-<seriesId>`.
 *
 * Flow: the bot asks the API for a plan (planSeries over the room-day
 * states of the rule's dates) and shows the conflicting occurrences; the
 * organizer confirms, and CreateSeries records the rule and the dates
 * skipped (`skip` = the plan's `skipped`). A process manager then books
 * each occurrence on its room-day stream (BookRoom with seriesId, booking
 * id occurrenceBookingId(seriesId, date)); a booking that fails after all
 * (someone was faster) is recorded with RecordOccurrenceFailed.
 */
export interface CreateSeries {
  type: 'CreateSeries';
  seriesId: string;
  room: RoomContext;
  organizerId: string;
  title: string;
  attendees?: string[];
  private?: boolean;
  rule: RecurrenceInput;
  skip?: SkippedOccurrence[];
  /** Flag the series after this many unattended occurrences in a row (default 3). */
  unattendedLimit?: number;
  actor: Actor;
}
export interface RecordOccurrenceFailed {
  type: 'RecordOccurrenceFailed';
  seriesId: string;
  date: string;
  reason: string;
}
/**
 * Fed by the series process manager: BookingCheckedIn of an occurrence ->
 * attended; BookingReleased (no-show) -> not attended. A date already
 * recorded is ignored (events may be delivered twice).
 */
export interface RecordAttendance {
  type: 'RecordAttendance';
  seriesId: string;
  date: string;
  bookingId: string;
  attended: boolean;
}
/** The organizer (or an admin) says a flagged series is still needed. */
export interface ConfirmSeries {
  type: 'ConfirmSeries';
  seriesId: string;
  actor: Actor;
}
/** Stops the series from `fromDate` (default: its first occurrence); the process manager cancels the bookings not yet started. */
export interface CancelSeries {
  type: 'CancelSeries';
  seriesId: string;
  fromDate?: string;
  reason?: string;
  actor: Actor;
}
export type SeriesCommand = CreateSeries | RecordOccurrenceFailed | RecordAttendance | ConfirmSeries | CancelSeries;

export interface SeriesFields {
  seriesId: string;
  roomId: string;
  organizerId: string;
  title: string;
  rule: RecurrenceRule;
  occurrences: string[];
  unattendedLimit: number;
  /** Outcome per occurrence date. */
  outcomes: Record<string, 'attended' | 'missed' | 'failed'>;
  missedInARow: number;
  missedDates: string[];
  flagged: boolean;
  cancelledFrom: string | null;
}
export type SeriesState = { status: 'none' } | ({ status: 'active' | 'cancelled' } & SeriesFields);

export const initialSeriesState: SeriesState = Object.freeze({ status: 'none' }) as SeriesState;

export function evolveSeries(state: SeriesState, event: SeriesEvent): SeriesState {
  if (event.type === 'SeriesCreated') {
    const d = event.data;
    return {
      status: 'active',
      seriesId: d.seriesId,
      roomId: d.roomId,
      organizerId: d.organizerId,
      title: d.title,
      rule: d.rule,
      occurrences: [...d.occurrences],
      unattendedLimit: d.unattendedLimit,
      outcomes: {},
      missedInARow: 0,
      missedDates: [],
      flagged: false,
      cancelledFrom: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'SeriesOccurrenceFailed':
      return { ...state, outcomes: { ...state.outcomes, [event.data.date]: 'failed' } };
    case 'SeriesOccurrenceAttended':
      return { ...state, outcomes: { ...state.outcomes, [event.data.date]: 'attended' }, missedInARow: 0, missedDates: [], flagged: false };
    case 'SeriesOccurrenceMissed':
      return {
        ...state,
        outcomes: { ...state.outcomes, [event.data.date]: 'missed' },
        missedInARow: event.data.missedInARow,
        missedDates: [...state.missedDates, event.data.date],
      };
    case 'SeriesFlaggedUnattended':
      return { ...state, flagged: true };
    case 'SeriesConfirmed':
      return { ...state, flagged: false, missedInARow: 0, missedDates: [] };
    case 'SeriesCancelled':
      return { ...state, status: 'cancelled', cancelledFrom: event.data.fromDate };
    default:
      return state;
  }
}

type LiveSeries = Extract<SeriesState, { status: 'active' | 'cancelled' }>;

function requireSeries(state: SeriesState, seriesId: string): LiveSeries {
  if (state.status === 'none') throw RoomsErrors.seriesNotFound(seriesId);
  return state;
}

function requireOccurrence(s: LiveSeries, date: string): void {
  if (!s.occurrences.includes(date)) throw RoomsErrors.notInSeries(s.seriesId, date);
}

function requireOrganizer(s: LiveSeries, actor: Actor, action: string): void {
  if (actor.employeeId !== s.organizerId && !isAdmin(actor)) throw RoomsErrors.notOrganizer(action);
}

export function decideSeries(state: SeriesState, c: SeriesCommand, now: Date): SeriesEvent[] {
  const at = now.toISOString();
  switch (c.type) {
    case 'CreateSeries': {
      if (!SERIES_ID_PATTERN.test(c.seriesId ?? '')) throw RoomsErrors.invalidId('seriesId', c.seriesId);
      if (state.status !== 'none') throw RoomsErrors.seriesExists(c.seriesId);
      const { settings } = c.room;
      if (c.room.retired) throw RoomsErrors.roomRetired(settings.roomId);
      if (c.organizerId !== c.actor.employeeId && !isAdmin(c.actor)) throw RoomsErrors.notOrganizer('book for someone else');
      const title = (c.title ?? '').trim();
      if (title.length === 0 || title.length > MAX_TITLE_LENGTH) throw RoomsErrors.invalidTitle(MAX_TITLE_LENGTH);
      const attendees = [...new Set((c.attendees ?? []).map((a) => a.trim()).filter((a) => a && a !== c.organizerId))];
      if (attendees.length + 1 > settings.capacity) throw RoomsErrors.overCapacity(attendees.length + 1, settings.capacity);
      const limit = c.unattendedLimit ?? DEFAULT_UNATTENDED_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw RoomsErrors.invalidRecurrence('unattendedLimit', 'a whole number from 1 to 50');
      const rule = resolveRecurrence(c.rule, settings.workingHours.days);
      const dates = expandRecurrence(rule);
      const today = toLocal(c.room.zone, now.getTime()).date;
      const horizon = settings.policy.maxSeriesDaysAhead;
      if (daysBetween(today, dates[dates.length - 1]) > horizon) throw RoomsErrors.seriesTooLong(dates[dates.length - 1], addDays(today, horizon));
      const skipped = (c.skip ?? []).filter((s, i, all) => all.findIndex((x) => x.date === s.date) === i);
      for (const s of skipped) if (!dates.includes(s.date)) throw RoomsErrors.notInSeries(c.seriesId, s.date);
      const occurrences = dates.filter((d) => !skipped.some((s) => s.date === d));
      if (occurrences.length === 0) throw RoomsErrors.noOccurrences();
      return [
        {
          type: 'SeriesCreated',
          data: {
            seriesId: c.seriesId,
            roomId: settings.roomId,
            organizerId: c.organizerId,
            title,
            attendees,
            private: c.private ?? false,
            rule,
            occurrences,
            skipped: skipped.map((s) => ({ date: s.date, reason: s.reason, conflictingBookingId: s.conflictingBookingId ?? null })),
            unattendedLimit: limit,
            createdBy: c.actor.employeeId,
            createdAt: at,
          },
        },
      ];
    }
    case 'RecordOccurrenceFailed': {
      const s = requireSeries(state, c.seriesId);
      requireOccurrence(s, c.date);
      if (s.outcomes[c.date]) return [];
      return [{ type: 'SeriesOccurrenceFailed', data: { seriesId: s.seriesId, date: c.date, reason: c.reason, recordedAt: at } }];
    }
    case 'RecordAttendance': {
      const s = requireSeries(state, c.seriesId);
      requireOccurrence(s, c.date);
      if (s.outcomes[c.date] === 'attended' || s.outcomes[c.date] === 'missed') return [];
      if (c.attended) return [{ type: 'SeriesOccurrenceAttended', data: { seriesId: s.seriesId, date: c.date, bookingId: c.bookingId, recordedAt: at } }];
      const missedInARow = s.missedInARow + 1;
      const events: SeriesEvent[] = [
        { type: 'SeriesOccurrenceMissed', data: { seriesId: s.seriesId, date: c.date, bookingId: c.bookingId, missedInARow, recordedAt: at } },
      ];
      if (!s.flagged && s.status === 'active' && missedInARow >= s.unattendedLimit) {
        events.push({
          type: 'SeriesFlaggedUnattended',
          data: { seriesId: s.seriesId, roomId: s.roomId, organizerId: s.organizerId, missedInARow, missedDates: [...s.missedDates, c.date], flaggedAt: at },
        });
      }
      return events;
    }
    case 'ConfirmSeries': {
      const s = requireSeries(state, c.seriesId);
      requireOrganizer(s, c.actor, 'confirm this series');
      if (s.status === 'cancelled') throw RoomsErrors.seriesCancelled(s.seriesId);
      if (!s.flagged) throw RoomsErrors.seriesNotFlagged(s.seriesId);
      return [{ type: 'SeriesConfirmed', data: { seriesId: s.seriesId, confirmedBy: c.actor.employeeId, confirmedAt: at } }];
    }
    case 'CancelSeries': {
      const s = requireSeries(state, c.seriesId);
      requireOrganizer(s, c.actor, 'cancel this series');
      if (s.status === 'cancelled') return [];
      const fromDate = c.fromDate ?? s.occurrences[0];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(fromDate)) throw RoomsErrors.invalidRecurrence('fromDate', 'a date YYYY-MM-DD is required');
      return [
        {
          type: 'SeriesCancelled',
          data: { seriesId: s.seriesId, fromDate, cancelledBy: c.actor.employeeId, reason: (c.reason ?? '').trim(), cancelledAt: at },
        },
      ];
    }
  }
}

export const seriesDecider: Decider<SeriesCommand, SeriesEvent, SeriesState> = {
  initialState: initialSeriesState,
  evolve: evolveSeries,
  decide: decideSeries,
};

export const seriesWriteSide: WriteSideDefinition<SeriesCommand, SeriesEvent, SeriesState> = {
  name: 'rooms.series',
  decider: seriesDecider,
  streamOf: (command) => roomSeriesStreamId(command.seriesId),
  schemaVersionOf: versionsFrom(ROOMS_SCHEMA_VERSIONS),
};
