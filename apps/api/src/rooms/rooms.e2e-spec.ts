import { roomDayStreamId, roomStreamId } from '@megabot/contracts';
import { middayZone } from '@megabot/testing';
import { parseInstant, roomContextOf, roomDayWriteSide, roomWriteSide } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

const DAY = 86_400_000;
/** A UTC date `n` days from today. */
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00Z`;
const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };

describe('rooms API over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem({ httpAdapter: 'fastify', dbPoolSize: 4, readWaitTimeoutMs: 3000, adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    // everyone who books or looks, bound to a Telegram account (the bot acts for them); `admin` is the bootstrap admin
    await system.employees(...['admin', 'anna', 'boris', 'carl', 'dana', 'observer'], ...Array.from({ length: 12 }, (_, i) => `e${2 * i}`));
    await http.post('/rooms/offices').set(system.as('admin')).send({ officeId: 'hq', name: 'HQ', timeZone: 'UTC' }).expect(201);
  });
  afterAll(async () => {
    await system.close();
  });

  const createRoom = (roomId: string, extra: Record<string, unknown> = {}) =>
    http
      .post('/rooms/offices/hq/rooms')
      .set(system.as('admin'))
      .send({ roomId, name: roomId, floor: 1, capacity: 6, workingHours: ALL_DAY, ...extra })
      .expect(201);
  const book = (roomId: string, actor: string, start: string, end: string, key?: string, extra: Record<string, unknown> = {}) => {
    const r = http.post(`/rooms/${roomId}/bookings`).set(system.as(actor));
    if (key) r.set('idempotency-key', key);
    return r.send({ title: 'Sync', start, end, ...extra });
  };
  const booked = async (roomId: string, date: string) =>
    (await system.store.readStream(roomDayStreamId(roomId, date)))
      .filter((e) => e.type === 'RoomBooked')
      .map((e) => e.data as { bookingId: string; start: string });

  describe('offices and rooms', () => {
    it('lets admins manage offices and rooms, refuses others with 403, bad settings with 422', async () => {
      await http.post('/rooms/offices').set(system.as('anna')).send({ officeId: 'x', name: 'X', timeZone: 'UTC' }).expect(403);
      const bad = await http.post('/rooms/offices').set(system.as('admin')).send({ officeId: 'x', name: 'X', timeZone: 'Mars/Olympus' }).expect(422);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body).toMatchObject({ code: 'rooms.invalid_settings' });
      expect((await http.post('/rooms/offices').set(system.as('admin')).send({ officeId: 'hq', name: 'HQ', timeZone: 'UTC' }).expect(409)).body.code).toBe(
        'rooms.office_exists',
      );
      const created = await createRoom('neva', { capacity: 8, equipment: ['Video'] });
      const wh = await http
        .post('/rooms/offices/hq/rooms')
        .set(system.as('admin'))
        .send({ roomId: 'bad', name: 'Bad', floor: 1, capacity: 2, workingHours: { days: [1], from: '18:00', to: '09:00' } });
      expect(wh.status).toBe(422);
      expect(wh.body).toMatchObject({ code: 'rooms.invalid_settings', field: 'workingHours.to' });
      await http.post('/rooms/offices/hq/rooms').set(system.as('admin')).send({ roomId: 'offices', name: 'O', floor: 1, capacity: 2 }).expect(422);
      const list = await http.get(`/rooms/offices/hq/rooms?waitFor=${created.body.position}`).set(system.as('observer')).expect(200);
      expect(list.body.items.map((r: { roomId: string }) => r.roomId)).toContain('neva');
      expect(list.body.items.find((r: { roomId: string }) => r.roomId === 'neva')).toMatchObject({
        capacity: 8,
        equipment: ['video'],
        checkInWindowMinutes: 10,
        autoRelease: true,
      });
      const patched = await http.patch('/rooms/neva').set(system.as('admin')).send({ bufferMinutes: 5, privacy: true }).expect(200);
      const room = await http.get('/rooms/neva').set(system.as('observer')).expect(200);
      expect(room.body).toMatchObject({ bufferMinutes: 5, privacy: true });
      expect(patched.body.roomId).toBe('neva');
      const offices = await http.get(`/rooms/offices?waitFor=${patched.body.position}`).set(system.as('observer')).expect(200);
      expect(offices.body.items).toEqual([expect.objectContaining({ officeId: 'hq', name: 'HQ', timeZone: 'UTC' })]);
    });
  });

  describe('booking', () => {
    it('books, refuses an overlap with 409 and a specific message', async () => {
      await createRoom('r1');
      const d = day(2);
      const ok = await book('r1', 'anna', at(d, '10:00'), at(d, '11:00')).expect(201);
      expect(ok.body).toMatchObject({ roomId: 'r1', date: d, start: `${d}T10:00:00+00:00`, end: `${d}T11:00:00+00:00`, status: 'booked', duplicate: false });
      const clash = await book('r1', 'boris', at(d, '10:30'), at(d, '11:30')).expect(409);
      expect(clash.headers['content-type']).toContain('application/problem+json');
      expect(clash.body).toMatchObject({ code: 'rooms.slot_taken', title: 'The room is booked 10:00-11:00', conflictingBookingId: ok.body.bookingId });
      await book('r1', 'boris', at(d, '11:00'), at(d, '12:00')).expect(201); // back to back is fine without a buffer
    });

    it('never lets two bookings overlap under concurrent requests from two processes', async () => {
      await createRoom('race');
      const d = day(3);
      // A second write side over the same store: another API process with its own cache.
      const other = { rooms: new StreamCommandProcessor(system.store, roomWriteSide), days: new StreamCommandProcessor(system.store, roomDayWriteSide) };
      const room = roomContextOf('race', (await other.rooms.current(roomStreamId('race'))).state, zoneOffsetsFromIntl, parseInstant('start', at(d, '12:00')));
      const attempts = Array.from({ length: 24 }, (_, i) => {
        const start = at(d, `12:${String((i % 4) * 10).padStart(2, '0')}`); // 12:00, 12:10, 12:20, 12:30 - all overlapping one hour
        const end = at(d, `13:${String((i % 4) * 10).padStart(2, '0')}`);
        if (i % 2 === 0) return book('race', `e${i}`, start, end).then((r) => r.status);
        return other.days
          .execute(
            {
              type: 'BookRoom',
              room,
              date: d,
              actor: { employeeId: `e${i}`, roles: ['employee'] },
              bookingId: `direct-${i}`,
              title: 'x',
              organizerId: `e${i}`,
              start,
              end,
            },
            { commandId: `direct-${i}`, actorId: `e${i}` },
          )
          .then(
            () => 201,
            (e: { code?: string }) => (e.code === 'rooms.slot_taken' ? 409 : 500),
          );
      });
      const statuses = await Promise.all(attempts);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(23);
      expect(await booked('race', d)).toHaveLength(1);
    });

    it('answers each booking rule with its own code', async () => {
      await createRoom('rules', {
        workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '18:00' },
        bufferMinutes: 15,
        capacity: 3,
        policy: { maxDurationMinutes: 120, maxDaysAhead: 10, maxBookingsPerDay: 2 },
      });
      const d = day(1);
      const code = async (status: number, start: string, end: string, extra: Record<string, unknown> = {}, actor = 'carl') =>
        (await book('rules', actor, start, end, undefined, extra).expect(status)).body.code;
      expect(await code(422, at(d, '07:00'), at(d, '08:00'))).toBe('rooms.outside_working_hours');
      expect(await code(422, at(d, '17:30'), at(d, '18:30'))).toBe('rooms.outside_working_hours');
      expect(await code(422, at(d, '09:00'), at(d, '12:00'))).toBe('rooms.too_long');
      expect(await code(422, at(d, '09:00'), at(d, '09:05'))).toBe('rooms.too_short');
      expect(await code(422, at(day(12), '10:00'), at(day(12), '11:00'))).toBe('rooms.too_far_ahead');
      expect(await code(422, at(day(-1), '10:00'), at(day(-1), '11:00'))).toBe('rooms.start_in_past');
      expect(await code(422, at(d, '11:00'), at(d, '10:00'))).toBe('rooms.invalid_time_range');
      expect(await code(422, at(d, '10:00'), at(d, '11:00'), { attendees: ['a', 'b', 'c'] })).toBe('rooms.over_capacity');
      await book('rules', 'carl', at(d, '10:00'), at(d, '11:00')).expect(201);
      const buffer = await book('rules', 'dana', at(d, '11:10'), at(d, '12:00')).expect(409);
      expect(buffer.body).toMatchObject({
        code: 'rooms.slot_taken',
        bufferMinutes: 15,
        title: 'The room is booked 10:00-11:00 and needs 15 minutes between meetings',
      });
      const second = await book('rules', 'carl', at(d, '13:00'), at(d, '14:00')).expect(201);
      // The daily limit counts the organizer's bookings in other rooms too (through the read model).
      await createRoom('rules2', { policy: { maxBookingsPerDay: 2 } });
      await http.get(`/rooms/bookings/mine?waitFor=${second.body.position}`).set(system.as('carl')).expect(200);
      const limit = await book('rules2', 'carl', at(d, '15:00'), at(d, '16:00')).expect(409);
      expect(limit.body).toMatchObject({ code: 'rooms.daily_limit_reached', limit: 2 });
      const invalid = await http
        .post('/rooms/rules/bookings')
        .set(system.as('carl'))
        .send({ title: '', start: 'tomorrow', end: at(d, '11:00') })
        .expect(400);
      expect(invalid.body.code).toBe('validation.failed');
      expect(invalid.body.detail).toContain('start must be an ISO 8601 instant');
      await book('nope', 'carl', at(d, '10:00'), at(d, '11:00')).expect(404);
    });

    it('is idempotent: a retried request with the same key books once and answers the same', async () => {
      await createRoom('idem');
      const d = day(4);
      const first = await book('idem', 'anna', at(d, '09:00'), at(d, '10:00'), 'key-1').expect(201);
      const again = await book('idem', 'anna', at(d, '09:00'), at(d, '10:00'), 'key-1').expect(201);
      expect(again.body).toMatchObject({ bookingId: first.body.bookingId, start: first.body.start, duplicate: true, position: first.body.position });
      expect(await booked('idem', d)).toHaveLength(1);
      const reused = await book('idem', 'anna', at(d, '10:00'), at(d, '11:00'), 'key-1').expect(422);
      expect(reused.body.code).toBe('command.idempotency_key_reused');
    });

    it('changes, extends and cancels a booking found by its id; lists my bookings', async () => {
      await createRoom('life');
      const d = day(5);
      const b = await book('life', 'anna', at(d, '09:00'), at(d, '10:00'), undefined, { attendees: ['boris'] }).expect(201);
      const id = b.body.bookingId;
      const w = `?waitFor=${b.body.position}`;
      const mine = await http.get(`/rooms/bookings/mine${w}`).set(system.as('boris')).expect(200);
      expect(mine.body.items.map((x: { bookingId: string }) => x.bookingId)).toContain(id);
      await http.patch(`/rooms/bookings/${id}${w}`).set(system.as('boris')).send({ title: 'Mine now' }).expect(422); // only the organizer
      const changed = await http
        .patch(`/rooms/bookings/${id}${w}`)
        .set(system.as('anna'))
        .send({ title: 'Planning', end: at(d, '10:30') })
        .expect(200);
      expect(changed.body).toMatchObject({ end: `${d}T10:30:00+00:00` });
      const extended = await http.post(`/rooms/bookings/${id}/extend`).set(system.as('boris')).send({ minutes: 15 }).expect(201);
      expect(extended.body.end).toBe(`${d}T10:45:00+00:00`);
      await http.post(`/rooms/bookings/${id}/end`).set(system.as('anna')).expect(409); // not started
      await http.post(`/rooms/bookings/${id}/check-in`).set(system.as('anna')).send({}).expect(409); // check-in not open
      const cancelled = await http.post(`/rooms/bookings/${id}/cancel`).set(system.as('anna')).send({ reason: 'moved' }).expect(201);
      expect(cancelled.body.status).toBe('cancelled');
      const view = await http.get(`/rooms/bookings/${id}?waitFor=${cancelled.body.position}`).set(system.as('anna')).expect(200);
      expect(view.body).toMatchObject({ status: 'cancelled', title: 'Planning', end: `${d}T10:45:00+00:00` });
      await http.post(`/rooms/bookings/unknown-id/cancel`).set(system.as('anna')).send({}).expect(404);
    });

    it('books now and checks in through the button and the door code', async () => {
      await createRoom('now', { timeZone: middayZone() }); // "now" is midday there, whatever the hour the test runs at
      const r = await http.post('/rooms/now/book-now').set(system.as('anna')).send({ minutes: 30 }).expect(201);
      await http.post('/rooms/now/book-now').set(system.as('boris')).send({ minutes: 15 }).expect(409);
      const qr = await http.post('/rooms/now/check-in').set(system.as('boris')).send({ via: 'qr' }).expect(422);
      expect(qr.body.code).toBe('rooms.not_participant');
      const checked = await http.post('/rooms/now/check-in').set(system.as('anna')).send({ via: 'qr' }).expect(201);
      expect(checked.body).toMatchObject({ bookingId: r.body.bookingId, status: 'checked_in' });
      const twice = await http
        .post(`/rooms/bookings/${r.body.bookingId}/check-in?waitFor=${checked.body.position}`)
        .set(system.as('anna'))
        .send({})
        .expect(409);
      expect(twice.body.code).toBe('rooms.already_checked_in');
      const dayView = await http.get('/rooms/now/day').set(system.as('boris')).expect(200);
      expect(dayView.body.nowStatus.state).toBe('busy');
      expect(dayView.body.bookings[0]).toMatchObject({ status: 'checked_in', title: 'Meeting' });
    });
  });

  describe('search and series', () => {
    it('finds free rooms for a time range and capacity, best fit first', async () => {
      await http.post('/rooms/offices').set(system.as('admin')).send({ officeId: 'spb', name: 'Санкт-Петербург', timeZone: 'Europe/Moscow' }).expect(201);
      const mk = (roomId: string, capacity: number) =>
        http.post('/rooms/offices/spb/rooms').set(system.as('admin')).send({ roomId, name: roomId, floor: 2, capacity, workingHours: ALL_DAY }).expect(201);
      await mk('small', 2);
      await mk('mid', 6);
      const big = await mk('big', 12);
      const d = day(2);
      await book('mid', 'anna', `${d}T10:00:00+03:00`, `${d}T11:00:00+03:00`).expect(201);
      await http.get(`/rooms/offices/spb/rooms?waitFor=${big.body.position}`).set(system.as('observer')).expect(200);
      const free = await http.get(`/rooms/offices/spb/free?date=${d}&from=10:30&to=11:30&capacity=4`).set(system.as('observer')).expect(200);
      expect(free.body.rooms.map((r: { roomId: string }) => r.roomId)).toEqual(['big']);
      expect(free.body.rooms[0]).toMatchObject({ start: `${d}T10:30:00+03:00`, end: `${d}T11:30:00+03:00` });
      expect(free.body.unavailable).toEqual([expect.objectContaining({ roomId: 'mid', code: 'rooms.slot_taken' })]);
      const later = await http
        .get(`/rooms/offices/spb/free?start=${encodeURIComponent(`${d}T11:00:00+03:00`)}&end=${encodeURIComponent(`${d}T12:00:00+03:00`)}&capacity=2`)
        .set(system.as('observer'))
        .expect(200);
      expect(later.body.rooms.map((r: { roomId: string }) => r.roomId)).toEqual(['small', 'mid', 'big']);
      await http.get(`/rooms/offices/spb/free?date=${d}&capacity=2`).set(system.as('observer')).expect(400);
    });

    it('reports the conflicting occurrences of a series instead of dropping them', async () => {
      await createRoom('weekly');
      const first = day(1);
      const taken = day(3);
      const blocker = await book('weekly', 'boris', at(taken, '10:30'), at(taken, '11:30')).expect(201);
      const rule = { frequency: 'daily', weekdays: [1, 2, 3, 4, 5, 6, 7], startDate: first, count: 4, startTime: '10:00', endTime: '11:00' };
      const plan = await http.post('/rooms/weekly/series/plan').set(system.as('anna')).send({ rule }).expect(200);
      expect(plan.body.conflicts).toEqual([expect.objectContaining({ date: taken, code: 'rooms.slot_taken', conflictingBookingId: blocker.body.bookingId })]);
      expect(plan.body.bookable).toHaveLength(3);
      const created = await http
        .post('/rooms/weekly/series')
        .set(system.as('anna'))
        .set('idempotency-key', 'series-1')
        .send({ title: 'Daily', rule })
        .expect(201);
      expect(created.body.conflicts).toEqual([
        expect.objectContaining({ date: taken, start: `${taken}T10:00:00+00:00`, code: 'rooms.slot_taken', message: 'The room is booked 10:30-11:30' }),
      ]);
      expect(created.body.booked.map((b: { date: string }) => b.date)).toEqual([day(1), day(2), day(4)]);
      expect(created.body.failed).toEqual([]);
      const again = await http
        .post('/rooms/weekly/series')
        .set(system.as('anna'))
        .set('idempotency-key', 'series-1')
        .send({ title: 'Daily', rule })
        .expect(201);
      expect(again.body).toMatchObject({ seriesId: created.body.seriesId, duplicate: true });
      expect(again.body.booked).toEqual(created.body.booked);
      expect(again.body.conflicts.map((c: { date: string }) => c.date)).toEqual([taken]);
      expect(await booked('weekly', day(2))).toHaveLength(1);
      const series = await http.get(`/rooms/series/${created.body.seriesId}?waitFor=${created.body.position}`).set(system.as('observer')).expect(200);
      expect(series.body).toMatchObject({ occurrences: [day(1), day(2), day(4)], skipped: [{ date: taken, reason: 'rooms.slot_taken' }], status: 'active' });
      const cancelled = await http
        .post(`/rooms/series/${created.body.seriesId}/cancel`)
        .set(system.as('anna'))
        .send({ fromDate: day(2) })
        .expect(201);
      expect(cancelled.body.cancelledBookings).toHaveLength(2);
      await http.post(`/rooms/series/${created.body.seriesId}/confirm`).set(system.as('anna')).expect(409);
    });
  });
});
