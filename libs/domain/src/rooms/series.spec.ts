import type { SeriesEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { DomainError } from '../shared/domain-error';
import { ADMIN, ANNA, at, booked, BORIS, ctx, dayOf, ROOM } from './rooms.fixtures';
import { seriesDecider, type CreateSeries } from './series.decider';
import { occurrenceBookingId, planSeries } from './series.planner';
import { expandRecurrence, resolveRecurrence, type RecurrenceInput } from './series.rules';
import type { ZoneOffsets } from './zone';

const NOW = at('09:00'); // Friday 2025-03-14
const WORKDAYS = [1, 2, 3, 4, 5];
const rule = (input: Partial<RecurrenceInput>) =>
  resolveRecurrence({ frequency: 'weekly', startDate: '2025-03-14', count: 4, startTime: '10:00', endTime: '11:00', ...input }, WORKDAYS);

describe('recurrence rules', () => {
  it('daily means every working day of the room by default', () => {
    expect(expandRecurrence(rule({ frequency: 'daily', startDate: '2025-03-14', until: '2025-03-20', count: null }))).toEqual([
      '2025-03-14',
      '2025-03-17',
      '2025-03-18',
      '2025-03-19',
      '2025-03-20',
    ]);
  });
  it('weekly defaults to the weekday of the start date; intervals skip weeks', () => {
    expect(expandRecurrence(rule({}))).toEqual(['2025-03-14', '2025-03-21', '2025-03-28', '2025-04-04']);
    expect(expandRecurrence(rule({ weekdays: [2, 4], interval: 2, startDate: '2025-03-11', count: 5 }))).toEqual([
      '2025-03-11',
      '2025-03-13',
      '2025-03-25',
      '2025-03-27',
      '2025-04-08',
    ]);
  });
  it.each([
    ['until', { until: '2025-04-01', count: 3 }],
    ['until', { until: '2025-03-01', count: null }],
    ['count', { count: 0 }],
    ['interval', { interval: 0 }],
    ['weekdays', { weekdays: [8] }],
    ['endTime', { endTime: '09:00' }],
    ['startDate', { startDate: '2025-02-30' }],
  ])('rejects a bad %s', (field, bad) => {
    expect(() => rule(bad as Partial<RecurrenceInput>)).toThrow(expect.objectContaining({ code: 'rooms.invalid_recurrence', details: { field } }));
  });
});

describe('series planner', () => {
  it('reports conflicting occurrences with the rule they break instead of dropping them', () => {
    const taken = dayOf([
      booked('x', '10:30', '11:30', { date: '2025-03-21', start: '2025-03-21T10:30:00+03:00', end: '2025-03-21T11:30:00+03:00', organizerId: 'boris' }),
    ]);
    const plan = planSeries({ room: ROOM, rule: rule({}), days: { '2025-03-21': taken }, now: NOW });
    expect(plan.bookable.map((o) => o.date)).toEqual(['2025-03-14', '2025-03-28', '2025-04-04']);
    expect(plan.bookable[0]).toEqual({ date: '2025-03-14', start: '2025-03-14T07:00:00.000Z', end: '2025-03-14T08:00:00.000Z' });
    expect(plan.conflicts).toEqual([expect.objectContaining({ date: '2025-03-21', code: 'rooms.slot_taken', conflictingBookingId: 'x' })]);
    expect(plan.skipped).toEqual([{ date: '2025-03-21', reason: 'rooms.slot_taken', conflictingBookingId: 'x' }]);
  });
  it('reports days the room is closed and occurrences already past', () => {
    const plan = planSeries({
      room: ROOM,
      rule: rule({ frequency: 'daily', weekdays: [5, 6], count: 2, startTime: '08:00', endTime: '08:30' }),
      days: {},
      now: NOW,
    });
    expect(plan.conflicts.map((c) => [c.date, c.code])).toEqual([
      ['2025-03-14', 'rooms.start_in_past'],
      ['2025-03-15', 'rooms.outside_working_hours'],
    ]);
  });
  it('keeps the wall-clock time across a daylight saving change', () => {
    const berlin: ZoneOffsets = { zone: 'Europe/Berlin', offsetMinutes: 60, changes: [{ at: '2025-03-30T01:00:00Z', offsetMinutes: 120 }] };
    const plan = planSeries({
      room: ctx({ timeZone: 'Europe/Berlin' }, { zone: berlin }),
      rule: rule({ startDate: '2025-03-24', count: 2 }),
      days: {},
      now: NOW,
    });
    expect(plan.bookable.map((o) => o.start)).toEqual(['2025-03-24T09:00:00.000Z', '2025-03-31T08:00:00.000Z']);
  });
  it('rejects a series running past the series horizon as a whole', () => {
    expect(() => planSeries({ room: ROOM, rule: rule({ count: 30 }), days: {}, now: NOW })).toThrow(expect.objectContaining({ code: 'rooms.series_too_long' }));
  });
  it('ignores the series own bookings when re-planning', () => {
    const own = dayOf([
      booked(occurrenceBookingId('s1', '2025-03-21'), '10:00', '11:00', {
        date: '2025-03-21',
        start: '2025-03-21T10:00:00+03:00',
        end: '2025-03-21T11:00:00+03:00',
        seriesId: 's1',
      }),
    ]);
    expect(planSeries({ room: ROOM, rule: rule({}), days: { '2025-03-21': own }, now: NOW, seriesId: 's1' }).conflicts).toEqual([]);
    expect(planSeries({ room: ROOM, rule: rule({}), days: { '2025-03-21': own }, now: NOW }).conflicts).toHaveLength(1);
  });
});

describe('series decider', () => {
  const spec = deciderSpec(seriesDecider);
  const create: CreateSeries = {
    type: 'CreateSeries',
    seriesId: 's1',
    room: ROOM,
    organizerId: 'anna',
    title: 'Weekly sync',
    attendees: ['boris'],
    rule: { frequency: 'weekly', startDate: '2025-03-14', count: 4, startTime: '10:00', endTime: '11:00' },
    skip: [{ date: '2025-03-21', reason: 'rooms.slot_taken', conflictingBookingId: 'x' }],
    actor: ANNA,
  };
  const created: SeriesEvent = {
    type: 'SeriesCreated',
    data: {
      seriesId: 's1',
      roomId: 'neva',
      organizerId: 'anna',
      title: 'Weekly sync',
      attendees: ['boris'],
      private: false,
      rule: { frequency: 'weekly', interval: 1, weekdays: [5], startDate: '2025-03-14', until: null, count: 4, startTime: '10:00', endTime: '11:00' },
      occurrences: ['2025-03-14', '2025-03-28', '2025-04-04'],
      skipped: [{ date: '2025-03-21', reason: 'rooms.slot_taken', conflictingBookingId: 'x' }],
      unattendedLimit: 3,
      createdBy: 'anna',
      createdAt: NOW.toISOString(),
    },
  };
  const attendance = (date: string, attended: boolean) => ({
    type: 'RecordAttendance' as const,
    seriesId: 's1',
    date,
    bookingId: occurrenceBookingId('s1', date),
    attended,
  });
  const missed = (date: string, missedInARow: number): SeriesEvent => ({
    type: 'SeriesOccurrenceMissed',
    data: { seriesId: 's1', date, bookingId: `s1-${date}`, missedInARow, recordedAt: NOW.toISOString() },
  });

  it('records the resolved rule, the occurrences to book and the skipped ones', () => spec.given([]).when(create, NOW).then([created]));
  it('rejects skipping a date that is not an occurrence, and a series with nothing left', () => {
    spec
      .given([])
      .when({ ...create, skip: [{ date: '2025-03-15', reason: 'x', conflictingBookingId: null }] }, NOW)
      .thenThrows('rooms.not_in_series');
    spec
      .given([])
      .when({ ...create, rule: { ...create.rule, count: 1 }, skip: [{ date: '2025-03-14', reason: 'x', conflictingBookingId: null }] }, NOW)
      .thenThrows('rooms.no_occurrences');
    spec.given([created]).when(create, NOW).thenThrows('rooms.series_exists');
    spec
      .given([])
      .when({ ...create, actor: BORIS }, NOW)
      .thenThrows('rooms.not_organizer');
  });

  it('flags the series when N occurrences in a row go unattended, once per streak', () => {
    const limit2 = { ...created, data: { ...created.data, unattendedLimit: 2 } } as SeriesEvent;
    spec
      .given([limit2])
      .when(attendance('2025-03-14', false), NOW)
      .then([missed('2025-03-14', 1)]);
    spec
      .given([limit2, missed('2025-03-14', 1)])
      .when(attendance('2025-03-28', false), NOW)
      .then([
        missed('2025-03-28', 2),
        {
          type: 'SeriesFlaggedUnattended',
          data: {
            seriesId: 's1',
            roomId: 'neva',
            organizerId: 'anna',
            missedInARow: 2,
            missedDates: ['2025-03-14', '2025-03-28'],
            flaggedAt: NOW.toISOString(),
          },
        },
      ]);
    const flagged = [
      limit2,
      missed('2025-03-14', 1),
      missed('2025-03-28', 2),
      {
        type: 'SeriesFlaggedUnattended',
        data: { seriesId: 's1', roomId: 'neva', organizerId: 'anna', missedInARow: 2, missedDates: [], flaggedAt: '' },
      } as SeriesEvent,
    ];
    spec
      .given(flagged)
      .when(attendance('2025-04-04', false), NOW)
      .then([missed('2025-04-04', 3)]);
  });
  it('an attended occurrence resets the streak; a date is recorded once', () => {
    const attended: SeriesEvent = {
      type: 'SeriesOccurrenceAttended',
      data: { seriesId: 's1', date: '2025-03-28', bookingId: 's1-2025-03-28', recordedAt: NOW.toISOString() },
    };
    spec
      .given([created, missed('2025-03-14', 1)])
      .when(attendance('2025-03-28', true), NOW)
      .then([attended]);
    spec
      .given([created, missed('2025-03-14', 1), attended])
      .when(attendance('2025-04-04', false), NOW)
      .then([missed('2025-04-04', 1)]);
    spec
      .given([created, missed('2025-03-14', 1)])
      .when(attendance('2025-03-14', false), NOW)
      .then([]);
    spec.given([created]).when(attendance('2025-03-21', false), NOW).thenThrows('rooms.not_in_series');
  });
  it('the organizer confirms a flagged series or cancels it', () => {
    const flag: SeriesEvent = {
      type: 'SeriesFlaggedUnattended',
      data: { seriesId: 's1', roomId: 'neva', organizerId: 'anna', missedInARow: 3, missedDates: [], flaggedAt: '' },
    };
    spec.given([created]).when({ type: 'ConfirmSeries', seriesId: 's1', actor: ANNA }, NOW).thenThrows('rooms.series_not_flagged');
    spec.given([created, flag]).when({ type: 'ConfirmSeries', seriesId: 's1', actor: BORIS }, NOW).thenThrows('rooms.not_organizer');
    spec
      .given([created, flag])
      .when({ type: 'ConfirmSeries', seriesId: 's1', actor: ANNA }, NOW)
      .then([{ type: 'SeriesConfirmed', data: { seriesId: 's1', confirmedBy: 'anna', confirmedAt: NOW.toISOString() } }]);
    spec
      .given([created, flag])
      .when({ type: 'CancelSeries', seriesId: 's1', fromDate: '2025-03-28', reason: 'not needed', actor: ADMIN }, NOW)
      .then([
        {
          type: 'SeriesCancelled',
          data: { seriesId: 's1', fromDate: '2025-03-28', cancelledBy: 'admin', reason: 'not needed', cancelledAt: NOW.toISOString() },
        },
      ]);
  });
  it('records occurrences that could not be booked after all', () =>
    spec
      .given([created])
      .when({ type: 'RecordOccurrenceFailed', seriesId: 's1', date: '2025-03-28', reason: 'rooms.slot_taken' }, NOW)
      .then([{ type: 'SeriesOccurrenceFailed', data: { seriesId: 's1', date: '2025-03-28', reason: 'rooms.slot_taken', recordedAt: NOW.toISOString() } }]));
  it('errors are DomainErrors', () =>
    expect(() => seriesDecider.decide(seriesDecider.initialState, { type: 'ConfirmSeries', seriesId: 'x', actor: ANNA }, NOW)).toThrow(DomainError));
});
