import type { RoomDayEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { roomDayDecider } from './room-day.decider';
import { findBooking } from './room-day.state';
import { ADMIN, ANNA, at, book, booked, BORIS, ctx, DATE, dayOf, emp, ROOM, run, t } from './rooms.fixtures';

const spec = deciderSpec(roomDayDecider);
const NOW = at('09:00');

describe('room-day decider', () => {
  describe('BookRoom', () => {
    it('books a free slot, storing times with the room offset and attendees without the organizer or duplicates', () =>
      spec
        .given([])
        .when(book('b1', '10:00', '11:00', { attendees: ['boris', 'anna', 'boris', ' carl '] }), NOW)
        .then([booked('b1', '10:00', '11:00', { attendees: ['boris', 'carl'] }, NOW)]));

    it('accepts any offset in the command and stores the room time', () =>
      spec
        .given([])
        .when(book('b1', '', '', { start: '2025-03-14T07:00:00Z', end: '2025-03-14T07:30:00.000Z' }), NOW)
        .then([booked('b1', '10:00', '10:30', {}, NOW)]));

    it('allows back-to-back bookings when the room has no buffer', () =>
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(book('b2', '11:00', '11:30'), NOW)
        .then([booked('b2', '11:00', '11:30', {}, NOW)]));

    it('allows a start within the current minute', () =>
      spec
        .given([])
        .when(book('b1', '10:00', '10:30'), at('10:00:40'))
        .then([booked('b1', '10:00', '10:30', {}, at('10:00:40'))]));

    it('lets an admin book for someone else; the booker is recorded', () =>
      spec
        .given([])
        .when(book('b1', '10:00', '11:00', { organizerId: 'boris', actor: ADMIN }), NOW)
        .then([booked('b1', '10:00', '11:00', { organizerId: 'boris', bookedBy: 'admin' }, NOW)]));

    describe('rejects', () => {
      const cases: [string, Parameters<typeof book>[3] & object, string, Record<string, unknown>?][] = [
        ['a time off the minute', { start: '2025-03-14T10:00:30+03:00' }, 'rooms.invalid_time', { field: 'start' }],
        ['a time without a zone', { end: '2025-03-14T11:00' }, 'rooms.invalid_time', { field: 'end' }],
        ['garbage', { start: 'tomorrow' }, 'rooms.invalid_time'],
        ['an end before the start', { start: t('11:00'), end: t('10:00') }, 'rooms.invalid_time_range'],
        ['a start in the past', { start: t('08:30'), end: t('09:30') }, 'rooms.start_in_past'],
        ['a booking shorter than 15 minutes', { end: t('10:10') }, 'rooms.too_short', { minutes: 10, minimum: 15 }],
        ['a booking longer than 4 hours', { end: t('14:01') }, 'rooms.too_long', { minutes: 241, maximum: 240 }],
        [
          'a start on another day than the stream',
          { start: t('10:00', '2025-03-17'), end: t('11:00', '2025-03-17') },
          'rooms.wrong_day',
          { date: '2025-03-17', expected: DATE },
        ],
        [
          'a start before opening',
          { date: '2025-03-17', start: t('07:45', '2025-03-17'), end: t('08:30', '2025-03-17') },
          'rooms.outside_working_hours',
          { from: '08:00', to: '20:00', days: [1, 2, 3, 4, 5] },
        ],
        ['an end after closing', { start: t('19:30'), end: t('20:15') }, 'rooms.outside_working_hours'],
        ['an empty title', { title: '   ' }, 'rooms.invalid_title'],
        ['more people than seats', { attendees: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }, 'rooms.over_capacity', { people: 9, capacity: 8 }],
        ['booking for someone else', { organizerId: 'boris' }, 'rooms.not_organizer'],
        ['a malformed booking id', { bookingId: 'b 1' }, 'rooms.invalid_id'],
      ];
      it.each(cases)('%s', (...row) => {
        const [, overrides, code, details] = row;
        spec
          .given([])
          .when(book('b1', '10:00', '11:00', overrides), NOW)
          .thenThrows(code, details);
      });

      it('a weekend day', () =>
        spec
          .given([])
          .when(book('b1', '10:00', '11:00', { date: '2025-03-15' }), NOW)
          .thenThrows('rooms.outside_working_hours'));
      it('a booking past midnight in a room open around the clock', () => {
        const room = ctx({ workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' } });
        spec
          .given([])
          .when(book('b1', '23:30', '', { room, end: t('00:30', '2025-03-15') }), NOW)
          .thenThrows('rooms.crosses_midnight');
      });
      it('more than 30 days ahead (the limit day itself is fine)', () => {
        spec
          .given([])
          .when(book('b1', '10:00', '11:00', { date: '2025-04-14' }), NOW)
          .thenThrows('rooms.too_far_ahead', { maxDaysAhead: 30, lastDate: '2025-04-13' });
        spec
          .given([])
          .when(book('b1', '10:00', '11:00', { date: '2025-04-11' }), NOW)
          .then([booked('b1', '10:00', '11:00', { date: '2025-04-11', start: t('10:00', '2025-04-11'), end: t('11:00', '2025-04-11') }, NOW)]);
      });
      it('an overlapping slot, naming the booking in the way', () =>
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b2', '10:30', '11:30'), NOW)
          .thenThrows('rooms.slot_taken', { conflictingBookingId: 'b1' }));
      it('a slot inside another', () =>
        spec
          .given([booked('b1', '10:00', '12:00')])
          .when(book('b2', '10:30', '11:00'), NOW)
          .thenThrows('rooms.slot_taken'));
      it('a slot closer than the buffer', () => {
        const room = ctx({ bufferMinutes: 10 });
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b2', '11:05', '11:30', { room }), NOW)
          .thenThrows('rooms.slot_taken', { bufferMinutes: 10 });
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b2', '09:30', '09:55', { room }), NOW)
          .thenThrows('rooms.slot_taken');
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b2', '11:10', '11:30', { room }), NOW)
          .then([booked('b2', '11:10', '11:30', {}, NOW)]);
      });
      it('an existing booking id', () =>
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b1', '12:00', '13:00'), NOW)
          .thenThrows('rooms.booking_exists'));
      it('a retired room', () =>
        spec
          .given([])
          .when(book('b1', '10:00', '11:00', { room: { ...ROOM, retired: true } }), NOW)
          .thenThrows('rooms.room_retired'));
      it('another room on this stream', () =>
        spec
          .given([booked('b1', '10:00', '11:00')])
          .when(book('b2', '12:00', '13:00', { room: ctx({}, { roomId: 'ladoga' }) }), NOW)
          .thenThrows('rooms.wrong_room'));
    });

    describe('per-organizer daily limit (4 by default)', () => {
      const three = [
        booked('a1', '08:00', '08:30'),
        booked('a2', '09:00', '09:30'),
        booked('a3', '12:00', '12:30'),
        booked('x', '13:00', '13:30', { organizerId: 'boris' }),
      ];
      it('counts bookings on this room-day plus the ones elsewhere the command carries', () => {
        spec
          .given(three)
          .when(book('a4', '15:00', '15:30'), NOW)
          .then([booked('a4', '15:00', '15:30', {}, NOW)]);
        spec
          .given(three)
          .when(book('a4', '15:00', '15:30', { organizerBookingsElsewhere: 1 }), NOW)
          .thenThrows('rooms.daily_limit_reached', { limit: 4, organizerId: 'anna' });
      });
      it('does not count cancelled or released bookings', () =>
        spec
          .given([
            ...three,
            booked('a5', '16:00', '16:30'),
            {
              type: 'BookingCancelled',
              data: { roomId: 'neva', date: DATE, bookingId: 'a5', cancelledBy: 'anna', reason: '', cancelledAt: NOW.toISOString() },
            },
          ])
          .when(book('a4', '15:00', '15:30'), NOW)
          .then([booked('a4', '15:00', '15:30', {}, NOW)]));
      it('exempts admins and series occurrences', () => {
        const four = [...three, booked('a4', '15:00', '15:30')];
        spec
          .given(four)
          .when(book('a6', '17:00', '17:30', { actor: ADMIN }), NOW)
          .then([booked('a6', '17:00', '17:30', { bookedBy: 'admin' }, NOW)]);
        spec
          .given(four)
          .when(book('a6', '17:00', '17:30', { seriesId: 's1' }), NOW)
          .then([booked('a6', '17:00', '17:30', { seriesId: 's1' }, NOW)]);
      });
    });

    it('series occurrences may be booked up to maxSeriesDaysAhead', () =>
      spec
        .given([])
        .when(book('s1-2025-06-13', '10:00', '11:00', { date: '2025-06-13', seriesId: 's1' }), NOW)
        .then([
          booked(
            's1-2025-06-13',
            '10:00',
            '11:00',
            { date: '2025-06-13', start: t('10:00', '2025-06-13'), end: t('11:00', '2025-06-13'), seriesId: 's1' },
            NOW,
          ),
        ]));
  });

  describe('ChangeBooking', () => {
    const given = [booked('b1', '10:00', '11:00'), booked('b2', '12:00', '13:00')];
    const change = (fields: object, actor = ANNA) => ({ type: 'ChangeBooking' as const, room: ROOM, date: DATE, actor, bookingId: 'b1', ...fields });
    it('writes only the fields that change', () =>
      spec
        .given(given)
        .when(change({ title: 'Meeting b1', attendees: ['boris'], private: true }), NOW)
        .then([
          {
            type: 'BookingChanged',
            data: { roomId: 'neva', date: DATE, bookingId: 'b1', attendees: ['boris'], private: true, changedBy: 'anna', changedAt: NOW.toISOString() },
          },
        ]));
    it('is a no-op when every field is as it is', () =>
      spec
        .given(given)
        .when(change({ title: ' Meeting b1 ', start: t('10:00') }), NOW)
        .then([]));
    it('rejects a request without fields', () => spec.given(given).when(change({}), NOW).thenThrows('rooms.nothing_changed'));
    it('moves the times before the start, not conflicting with itself', () =>
      spec
        .given(given)
        .when(change({ start: t('10:30'), end: t('11:30') }), NOW)
        .then([
          {
            type: 'BookingChanged',
            data: { roomId: 'neva', date: DATE, bookingId: 'b1', start: t('10:30'), end: t('11:30'), changedBy: 'anna', changedAt: NOW.toISOString() },
          },
        ]));
    it('rejects new times that overlap another booking', () =>
      spec
        .given(given)
        .when(change({ end: t('12:30') }), NOW)
        .thenThrows('rooms.slot_taken', { conflictingBookingId: 'b2' }));
    it('rejects new times once the booking started', () =>
      spec
        .given(given)
        .when(change({ end: t('11:30') }), at('10:05'))
        .thenThrows('rooms.booking_started'));
    it('still renames a booking in progress', () =>
      spec
        .given(given)
        .when(change({ title: 'Renamed' }), at('10:05'))
        .then([
          {
            type: 'BookingChanged',
            data: { roomId: 'neva', date: DATE, bookingId: 'b1', title: 'Renamed', changedBy: 'anna', changedAt: at('10:05').toISOString() },
          },
        ]));
    it('only the organizer or an admin may change it', () => {
      spec
        .given(given)
        .when(change({ title: 'x' }, BORIS), NOW)
        .thenThrows('rooms.not_organizer');
      expect(roomDayDecider.decide(dayOf(given), change({ title: 'x' }, ADMIN), NOW)).toHaveLength(1);
    });
    it('rejects unknown and cancelled bookings', () => {
      spec
        .given(given)
        .when({ ...change({ title: 'x' }), bookingId: 'nope' }, NOW)
        .thenThrows('rooms.booking_not_found');
      spec
        .given([
          ...given,
          { type: 'BookingCancelled', data: { roomId: 'neva', date: DATE, bookingId: 'b1', cancelledBy: 'anna', reason: '', cancelledAt: NOW.toISOString() } },
        ])
        .when(change({ title: 'x' }), NOW)
        .thenThrows('rooms.booking_not_active', { status: 'cancelled' });
    });
  });

  describe('CancelBooking', () => {
    const cancel = (actor = ANNA) => ({ type: 'CancelBooking' as const, room: ROOM, date: DATE, actor, bookingId: 'b1', reason: ' plans changed ' });
    it('cancels before the start and frees the slot', () => {
      const events = run(
        [booked('b1', '10:00', '11:00')],
        [
          [cancel(), NOW],
          [book('b2', '10:00', '11:00', { actor: BORIS, organizerId: 'boris' }), NOW],
        ],
      );
      expect(events[1]).toEqual({
        type: 'BookingCancelled',
        data: { roomId: 'neva', date: DATE, bookingId: 'b1', cancelledBy: 'anna', reason: 'plans changed', cancelledAt: NOW.toISOString() },
      });
      expect(events[2].type).toBe('RoomBooked');
    });
    it('rejects a booking that started (end it early instead)', () =>
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(cancel(), at('10:00'))
        .thenThrows('rooms.booking_started'));
    it('rejects attendees', () =>
      spec
        .given([booked('b1', '10:00', '11:00', { attendees: ['boris'] })])
        .when(cancel(BORIS), NOW)
        .thenThrows('rooms.not_organizer'));
  });

  describe('ExtendBooking', () => {
    const extend = (minutes: number, actor = ANNA) => ({ type: 'ExtendBooking' as const, room: ROOM, date: DATE, actor, bookingId: 'b1', minutes });
    it('moves the end of a meeting in progress', () =>
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(extend(15), at('10:50'))
        .then([
          {
            type: 'BookingExtended',
            data: {
              roomId: 'neva',
              date: DATE,
              bookingId: 'b1',
              previousEnd: t('11:00'),
              end: t('11:15'),
              extendedBy: 'anna',
              extendedAt: at('10:50').toISOString(),
            },
          },
        ]));
    it('lets attendees extend, not strangers', () => {
      const given = [booked('b1', '10:00', '11:00', { attendees: ['boris'] })];
      expect(roomDayDecider.decide(dayOf(given), extend(15, BORIS), at('10:50'))).toHaveLength(1);
      spec
        .given(given)
        .when(extend(15, emp('eve')), at('10:50'))
        .thenThrows('rooms.not_participant');
    });
    it('stops at the next booking, the closing time and the maximum duration', () => {
      spec
        .given([booked('b1', '10:00', '11:00'), booked('b2', '11:15', '12:00')])
        .when(extend(30), at('10:50'))
        .thenThrows('rooms.slot_taken', { conflictingBookingId: 'b2' });
      spec
        .given([booked('b1', '19:00', '19:45')])
        .when(extend(30), at('19:30'))
        .thenThrows('rooms.outside_working_hours');
      spec
        .given([booked('b1', '10:00', '13:45')])
        .when(extend(30), at('13:00'))
        .thenThrows('rooms.too_long');
    });
    it('rejects an extension after the end or of a non-positive length', () => {
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(extend(15), at('11:00'))
        .thenThrows('rooms.booking_over');
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(extend(0), at('10:30'))
        .thenThrows('rooms.invalid_extension');
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(extend(2.5), at('10:30'))
        .thenThrows('rooms.invalid_extension');
    });
  });

  describe('EndBookingEarly', () => {
    const end = (actor = ANNA) => ({ type: 'EndBookingEarly' as const, room: ROOM, date: DATE, actor, bookingId: 'b1' });
    it('ends at the current minute and frees the rest of the slot', () => {
      const events = run(
        [booked('b1', '10:00', '11:00')],
        [
          [end(), at('10:20:40')],
          [book('b2', '10:20', '10:50', { actor: BORIS, organizerId: 'boris' }), at('10:20:50')],
        ],
      );
      expect(events[1]).toEqual({
        type: 'BookingEndedEarly',
        data: { roomId: 'neva', date: DATE, bookingId: 'b1', previousEnd: t('11:00'), end: t('10:20'), endedBy: 'anna', endedAt: at('10:20:40').toISOString() },
      });
      expect(findBooking(dayOf(events), 'b1')).toMatchObject({ status: 'ended', endMinute: 620 });
      expect(events[2].type).toBe('RoomBooked');
    });
    it('keeps at least one minute when ended right at the start', () => {
      const [e] = roomDayDecider.decide(dayOf([booked('b1', '10:00', '11:00')]), end(), at('10:00:10'));
      expect(e.data).toMatchObject({ end: t('10:01') });
    });
    it('rejects before the start and after the end', () => {
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(end(), at('09:59'))
        .thenThrows('rooms.booking_not_started');
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(end(), at('11:00'))
        .thenThrows('rooms.booking_over');
    });
  });

  describe('CheckIn', () => {
    const given = [booked('b1', '10:00', '11:00', { attendees: ['boris'] })];
    const checkIn = (actor = BORIS, bookingId?: string, via: 'qr' | 'bot' | 'admin' = 'qr') => ({
      type: 'CheckIn' as const,
      room: ROOM,
      date: DATE,
      actor,
      via,
      ...(bookingId ? { bookingId } : {}),
    });
    const checkedIn = (by: string, now: Date, via = 'qr'): RoomDayEvent => ({
      type: 'BookingCheckedIn',
      data: { roomId: 'neva', date: DATE, bookingId: 'b1', checkedInBy: by, via: via as 'qr', checkedInAt: now.toISOString() },
    });
    it('finds the booking due in this room when the QR names only the room', () =>
      spec
        .given(given)
        .when(checkIn(), at('10:02'))
        .then([checkedIn('boris', at('10:02'))]));
    it('opens 5 minutes before the start and closes at start + window', () => {
      spec
        .given(given)
        .when(checkIn(ANNA, 'b1', 'bot'), at('09:55'))
        .then([checkedIn('anna', at('09:55'), 'bot')]);
      spec
        .given(given)
        .when(checkIn(ANNA, 'b1', 'bot'), at('09:54:59'))
        .thenThrows('rooms.check_in_not_open', { opensAt: t('09:55') });
      spec.given(given).when(checkIn(), at('09:54')).thenThrows('rooms.nothing_to_check_in');
      spec
        .given(given)
        .when(checkIn(ANNA, 'b1'), at('10:10'))
        .thenThrows('rooms.check_in_closed', { deadline: t('10:10') });
      spec.given(given).when(checkIn(), at('10:10')).thenThrows('rooms.nothing_to_check_in');
    });
    it('stays open until the end when the room does not auto-release', () =>
      spec
        .given(given)
        .when({ ...checkIn(), room: ctx({ autoRelease: false }) }, at('10:45'))
        .then([checkedIn('boris', at('10:45'))]));
    it('tells who checked in already', () =>
      spec
        .given([...given, checkedIn('anna', at('10:01'))])
        .when(checkIn(), at('10:03'))
        .thenThrows('rooms.already_checked_in', { checkedInBy: 'anna' }));
    it('is for participants; "admin" check-ins for admins', () => {
      spec
        .given(given)
        .when(checkIn(emp('eve')), at('10:02'))
        .thenThrows('rooms.not_participant');
      spec
        .given(given)
        .when(checkIn(BORIS, 'b1', 'admin'), at('10:02'))
        .thenThrows('rooms.admin_required');
      spec
        .given(given)
        .when(checkIn(ADMIN, 'b1', 'admin'), at('10:02'))
        .then([checkedIn('admin', at('10:02'), 'admin')]);
    });
  });

  describe('ReleaseBooking', () => {
    const release = (room = ROOM) => ({ type: 'ReleaseBooking' as const, room, date: DATE, bookingId: 'b1' });
    it('releases at the check-in deadline; the rest of the slot is free at once, without buffer', () => {
      const room = ctx({ bufferMinutes: 15 });
      const events = run(
        [booked('b1', '10:00', '11:00')],
        [
          [release(room), at('10:10:05')],
          [book('b2', '10:10', '10:40', { room, actor: BORIS, organizerId: 'boris' }), at('10:10:20')],
        ],
      );
      expect(events[1]).toEqual({
        type: 'BookingReleased',
        data: { roomId: 'neva', date: DATE, bookingId: 'b1', reason: 'no_show', deadline: t('10:10'), releasedAt: at('10:10:05').toISOString() },
      });
      expect(events[2].type).toBe('RoomBooked');
    });
    it('is not due before the deadline', () =>
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(release(), at('10:09:59'))
        .thenThrows('rooms.release_not_due', { deadline: t('10:10') }));
    it('never releases after the end of a short meeting', () =>
      spec
        .given([booked('b1', '10:00', '10:15')])
        .when(release(ctx({ checkInWindowMinutes: 30 })), at('10:15'))
        .then([
          {
            type: 'BookingReleased',
            data: { roomId: 'neva', date: DATE, bookingId: 'b1', reason: 'no_show', deadline: t('10:15'), releasedAt: at('10:15').toISOString() },
          },
        ]));
    it('leaves checked-in, cancelled or already released bookings alone', () => {
      const checked: RoomDayEvent = {
        type: 'BookingCheckedIn',
        data: { roomId: 'neva', date: DATE, bookingId: 'b1', checkedInBy: 'anna', via: 'bot', checkedInAt: at('10:05').toISOString() },
      };
      spec
        .given([booked('b1', '10:00', '11:00'), checked])
        .when(release(), at('10:10'))
        .then([]);
      const twice = run(
        [booked('b1', '10:00', '11:00')],
        [
          [release(), at('10:10')],
          [release(), at('10:11')],
        ],
      );
      expect(twice).toHaveLength(2);
    });
    it('refuses when the room does not auto-release', () =>
      spec
        .given([booked('b1', '10:00', '11:00')])
        .when(release(ctx({ autoRelease: false })), at('10:30'))
        .thenThrows('rooms.auto_release_off'));
  });
});
