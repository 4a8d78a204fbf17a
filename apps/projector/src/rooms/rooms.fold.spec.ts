import type { RecurrenceRule, RoomEvent } from '@megabot/contracts';
import { decideRoom, initialRoomState } from '@megabot/domain';
import type { RecordedEvent } from '@megabot/event-store';
import type { RoomRow, SeriesRow } from '@megabot/read-model';
import { foldSpec, recordedStream } from '@megabot/testing';
import { evolveBooking, evolveOffice, evolveRoom, evolveSeries, notificationsOf, roomsNotificationId, seriesOutcomeOf } from './rooms.fold';

const T = '2026-04-06T07:00:00.000Z';
const D = '2026-04-06';
const local = (hhmm: string) => `${D}T${hhmm}:00+03:00`;
const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };

const roomCreated = decideRoom(
  initialRoomState,
  {
    type: 'CreateRoom',
    roomId: 'neva',
    office: { officeId: 'hq', timeZone: 'Europe/Moscow', archived: false },
    settings: { name: 'Neva', floor: 2, capacity: 6, equipment: ['video'] },
    actor: ADMIN,
  },
  new Date(T),
)[0] as Extract<RoomEvent, { type: 'RoomCreated' }>;
const settings = roomCreated.data.settings;

/** The rows after each event, in order (what the projection folds). */
function fold<R>(evolve: (row: R | undefined, e: RecordedEvent) => R | undefined, events: RecordedEvent[]): R | undefined {
  return events.reduce<R | undefined>(evolve, undefined);
}

describe('rooms read model fold', () => {
  it('offices: created once, renamed, archived', () => {
    const office = recordedStream('office-hq');
    const created = office('OfficeCreated', { officeId: 'hq', name: 'HQ', address: '', timeZone: 'Europe/Moscow', createdBy: 'admin', createdAt: T });
    const updated = office('OfficeUpdated', {
      officeId: 'hq',
      name: 'Head office',
      address: 'Main 1',
      timeZone: 'Europe/Moscow',
      changed: ['name', 'address'],
      updatedBy: 'admin',
      updatedAt: T,
    });
    const spec = foldSpec(evolveOffice);
    spec
      .given([])
      .when(created)
      .then({ office_id: 'hq', name: 'HQ', status: 'active', created_at: new Date(T), revision: '0' });
    spec.given([created]).when(created).thenUnchanged();
    spec.given([created]).when(updated).then({ name: 'Head office', address: 'Main 1', revision: '1' });
    spec.given([created, updated]).when(updated).thenUnchanged();
    spec
      .given([created])
      .when(office('OfficeArchived', { officeId: 'hq', archivedBy: 'admin', reason: 'moved', archivedAt: T }))
      .then({ status: 'archived' });
  });

  it('rooms: the settings whole and the columns queries filter on', () => {
    const room = recordedStream('room-neva');
    const created = room('RoomCreated', roomCreated.data);
    const spec = foldSpec(evolveRoom);
    spec
      .given([])
      .when(created)
      .then({
        room_id: 'neva',
        office_id: 'hq',
        name: 'Neva',
        floor: 2,
        capacity: 6,
        equipment: ['video'],
        time_zone: 'Europe/Moscow',
        status: 'active',
        settings,
      });
    spec
      .given([created])
      .when(
        room('RoomUpdated', { roomId: 'neva', settings: { ...settings, name: 'Neva 2', privacy: true }, changed: ['name'], updatedBy: 'admin', updatedAt: T }),
      )
      .then({
        name: 'Neva 2',
        privacy: true,
        status: 'active',
        settings: { ...settings, name: 'Neva 2', privacy: true },
      });
    spec
      .given([created])
      .when(room('RoomRetired', { roomId: 'neva', retiredBy: 'admin', reason: 'x', retiredAt: T }))
      .then({ status: 'retired', name: 'Neva' });
    expect(evolveRoom(undefined, room('RoomRetired', { roomId: 'neva', retiredBy: 'admin', reason: 'x', retiredAt: T }))).toBeUndefined();
  });

  describe('bookings', () => {
    const day = recordedStream(`roomday-neva-${D}`);
    const e = (type: string, data: Record<string, unknown>) => day(type, { roomId: 'neva', date: D, bookingId: 'a', ...data });
    const booked = e('RoomBooked', {
      title: 'Plan',
      organizerId: 'anna',
      attendees: ['boris'],
      private: false,
      start: local('10:00'),
      end: local('11:00'),
      seriesId: null,
      bookedBy: 'anna',
      bookedAt: T,
    });
    const spec = foldSpec(evolveBooking);

    it('a booking keeps the local times with their offset and the instants', () => {
      spec
        .given([])
        .when(booked)
        .then({
          status: 'booked',
          start_local: local('10:00'),
          start_at: new Date('2026-04-06T07:00:00Z'),
          end_at: new Date('2026-04-06T08:00:00Z'),
          attendees: ['boris'],
          stream_revision: '0',
        });
      spec.given([booked]).when(booked).thenUnchanged();
    });

    it('a change applies only what it carries', () => {
      spec
        .given([booked])
        .when(e('BookingChanged', { title: 'Review', end: local('11:30'), changedBy: 'anna', changedAt: T }))
        .then({
          title: 'Review',
          attendees: ['boris'],
          start_local: local('10:00'),
          end_local: local('11:30'),
          end_at: new Date('2026-04-06T08:30:00Z'),
        });
    });

    it('check-in, extension, early end, cancellation, release', () => {
      spec
        .given([booked])
        .when(e('BookingCheckedIn', { checkedInBy: 'boris', via: 'qr', checkedInAt: T }))
        .then({ status: 'checked_in', checked_in_by: 'boris', checked_in_via: 'qr', checked_in_at: new Date(T) });
      spec
        .given([booked])
        .when(e('BookingExtended', { previousEnd: local('11:00'), end: local('11:15'), extendedBy: 'anna', extendedAt: T }))
        .then({ end_local: local('11:15'), status: 'booked' });
      spec
        .given([booked])
        .when(e('BookingEndedEarly', { previousEnd: local('11:00'), end: local('10:30'), endedBy: 'anna', endedAt: T }))
        .then({ status: 'ended', end_local: local('10:30'), ended_early_at: new Date(T) });
      spec
        .given([booked])
        .when(e('BookingCancelled', { cancelledBy: 'anna', reason: 'x', cancelledAt: T }))
        .then({ status: 'cancelled', cancelled_at: new Date(T) });
      spec
        .given([booked])
        .when(e('BookingReleased', { reason: 'no_show', deadline: T, releasedAt: T }))
        .then({ status: 'released', released_at: new Date(T) });
    });

    it('a released booking tells its organizer, once, with the room’s name', () => {
      const released = e('BookingReleased', { reason: 'no_show', deadline: T, releasedAt: '2026-04-06T07:10:00.000Z' });
      const before = fold(evolveBooking, [booked]);
      const after = evolveBooking(before, released);
      const room = fold(evolveRoom, [recordedStream('room-neva')('RoomCreated', roomCreated.data)]) as RoomRow;
      expect(notificationsOf(released, before, after, room)).toEqual([
        {
          id: roomsNotificationId(`released:${released.id}`),
          recipient_id: 'anna',
          kind: 'released',
          booking_id: 'a',
          series_id: null,
          room_id: 'neva',
          data: { title: 'Plan', roomName: 'Neva', start: local('10:00'), end: local('11:00') },
          created_at: new Date('2026-04-06T07:10:00.000Z'),
          expires_at: new Date('2026-04-06T08:00:00Z'),
          delivered_at: null,
        },
      ]);
      expect(notificationsOf(released, before, after, undefined)[0].data).toMatchObject({ roomName: 'neva' }); // room unknown: its id
      expect(notificationsOf(released, after, after, room)).toEqual([]); // applied before
    });
  });

  describe('series', () => {
    const stream = recordedStream('roomseries-s1');
    const e = (type: string, data: Record<string, unknown>) => stream(type, { seriesId: 's1', ...data });
    const rule: RecurrenceRule = {
      frequency: 'daily',
      interval: 1,
      weekdays: [1, 2, 3, 4, 5],
      startDate: D,
      until: null,
      count: 3,
      startTime: '10:00',
      endTime: '11:00',
    };
    const created = e('SeriesCreated', {
      roomId: 'neva',
      organizerId: 'anna',
      title: 'Daily',
      attendees: [],
      private: false,
      rule,
      occurrences: [D],
      skipped: [],
      unattendedLimit: 2,
      createdBy: 'anna',
      createdAt: T,
    });
    const missed = e('SeriesOccurrenceMissed', { date: D, bookingId: 'b', missedInARow: 2, recordedAt: T });
    const flagged = e('SeriesFlaggedUnattended', { roomId: 'neva', organizerId: 'anna', missedInARow: 2, missedDates: [D], flaggedAt: T });
    const spec = foldSpec(evolveSeries);

    it('attendance moves the count of missed occurrences and the flag; each occurrence has an outcome', () => {
      spec
        .given([])
        .when(created)
        .then({ series_id: 's1', status: 'active', missed_in_a_row: 0, flagged: false, rule, occurrences: [D] });
      spec.given([created]).when(missed).then({ missed_in_a_row: 2 });
      spec.given([created, missed]).when(flagged).then({ flagged: true, missed_in_a_row: 2 });
      spec
        .given([created, missed, flagged])
        .when(e('SeriesOccurrenceAttended', { date: '2026-04-07', bookingId: 'c', recordedAt: T }))
        .then({ missed_in_a_row: 0, flagged: false });
      spec
        .given([created, missed, flagged])
        .when(e('SeriesConfirmed', { confirmedBy: 'anna', confirmedAt: T }))
        .then({ missed_in_a_row: 0, flagged: false });
      spec
        .given([created])
        .when(e('SeriesCancelled', { fromDate: '2026-04-08', cancelledBy: 'anna', reason: 'x', cancelledAt: T }))
        .then({ status: 'cancelled', cancelled_from: '2026-04-08' });
      spec.given([created, missed]).when(missed).thenUnchanged();
      expect(seriesOutcomeOf(missed)).toEqual({ series_id: 's1', date: D, outcome: 'missed' });
      expect(seriesOutcomeOf(e('SeriesOccurrenceFailed', { date: D, reason: 'rooms.slot_taken', recordedAt: T }))).toMatchObject({ outcome: 'failed' });
      expect(seriesOutcomeOf(flagged)).toBeUndefined();
    });

    it('a flagged series tells its organizer for a week', () => {
      const before = fold(evolveSeries, [created, missed]) as SeriesRow;
      const [n] = notificationsOf(flagged, before, evolveSeries(before, flagged), undefined);
      expect(n).toMatchObject({
        id: roomsNotificationId(`series_flagged:${flagged.id}`),
        recipient_id: 'anna',
        kind: 'series_flagged',
        series_id: 's1',
        booking_id: null,
        data: { title: 'Daily', roomName: 'neva', missedInARow: 2, missedDates: [D] },
        expires_at: new Date(Date.parse(T) + 7 * 86_400_000),
      });
    });
  });
});
