import request from 'supertest';
import { middayZone } from '@megabot/testing';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };

/** A retried request (same Idempotency-Key, same request) answers what it did the first time; the key with another request is refused. */
describe('rooms and displays: retried requests', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem({ httpAdapter: 'express', adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    await system.employees('admin', 'anna', 'boris');
    await http.post('/rooms/offices').set(system.as('admin')).send({ officeId: 'hq', name: 'HQ', timeZone: 'UTC' }).expect(201);
    await http
      .post('/rooms/offices/hq/rooms')
      .set(system.as('admin'))
      .send({ roomId: 'now', name: 'Now', floor: 1, capacity: 6, workingHours: ALL_DAY, timeZone: middayZone() }) // midday there, whatever the hour
      .expect(201);
    // Bookings at fixed UTC times: in the "now" room's zone 09:00-10:30Z can cross its midnight (at 22:00 UTC it is UTC-10)
    await http
      .post('/rooms/offices/hq/rooms')
      .set(system.as('admin'))
      .send({ roomId: 'sync', name: 'Sync', floor: 1, capacity: 6, workingHours: ALL_DAY, timeZone: 'UTC' })
      .expect(201);
  });
  afterAll(async () => {
    await system.close();
  });

  const post = (path: string, actor: string, key: string, body: Record<string, unknown>) =>
    http.post(path).set(system.as(actor)).set('idempotency-key', key).send(body);

  it('book now and the door check-in: a retry finds the booking and the check-in it made', async () => {
    const first = await post('/rooms/now/book-now', 'anna', 'now-1', { minutes: 30 }).expect(201);
    // The start follows the clock and the slot is now taken by this very booking: the retry is answered from it.
    const again = await post('/rooms/now/book-now', 'anna', 'now-1', { minutes: 30 }).expect(201);
    expect(again.body).toMatchObject({
      bookingId: first.body.bookingId,
      start: first.body.start,
      end: first.body.end,
      duplicate: true,
      position: first.body.position,
    });
    expect((await post('/rooms/now/book-now', 'anna', 'now-1', { minutes: 15 }).expect(422)).body.code).toBe('command.idempotency_key_reused');
    expect((await post('/rooms/now/book-now', 'boris', 'now-2', { minutes: 15 }).expect(409)).body.code).toBe('rooms.slot_taken');

    const checkedIn = await post('/rooms/now/check-in', 'anna', 'door-1', { via: 'qr' }).expect(201);
    expect(checkedIn.body).toMatchObject({ bookingId: first.body.bookingId, status: 'checked_in', duplicate: false });
    const retried = await post('/rooms/now/check-in', 'anna', 'door-1', { via: 'qr' }).expect(201);
    expect(retried.body).toMatchObject({ bookingId: first.body.bookingId, status: 'checked_in', duplicate: true, position: checkedIn.body.position });
    expect((await post('/rooms/now/check-in', 'anna', 'door-2', { via: 'qr' }).expect(409)).body.code).toBe('rooms.already_checked_in');
  });

  it('a change of a booking: retried, it answers the same; the key with other changes is refused', async () => {
    const d = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const b = await post('/rooms/sync/bookings', 'anna', 'book-1', { title: 'Sync', start: `${d}T09:00:00Z`, end: `${d}T10:00:00Z` }).expect(201);
    const path = `/rooms/bookings/${b.body.bookingId}?waitFor=${b.body.position}`;
    const changed = await http
      .patch(path)
      .set(system.as('anna'))
      .set('idempotency-key', 'change-1')
      .send({ end: `${d}T10:30:00Z` })
      .expect(200);
    const again = await http
      .patch(path)
      .set(system.as('anna'))
      .set('idempotency-key', 'change-1')
      .send({ end: `${d}T10:30:00Z` })
      .expect(200);
    expect(again.body).toMatchObject({ bookingId: b.body.bookingId, end: changed.body.end, duplicate: true, position: changed.body.position });
    const reused = await http
      .patch(path)
      .set(system.as('anna'))
      .set('idempotency-key', 'change-1')
      .send({ end: `${d}T11:00:00Z` })
      .expect(422);
    expect(reused.body.code).toBe('command.idempotency_key_reused');
  });

  it('a display registered without an id: a retry registers no second display and shows no token', async () => {
    const first = await post('/displays', 'admin', 'reg-1', { roomId: 'now' }).expect(201);
    expect(first.body.displayId).toMatch(/^d-/);
    expect(first.body.token).toMatch(/^rd_/);
    const again = await post('/displays', 'admin', 'reg-1', { roomId: 'now' }).expect(201);
    expect(again.body).toMatchObject({ displayId: first.body.displayId, duplicate: true, token: null, position: first.body.position });
    expect((await post('/displays', 'admin', 'reg-1', { roomId: 'now', label: 'other' }).expect(422)).body.code).toBe('command.idempotency_key_reused');
    const list = await http.get(`/displays?waitFor=${first.body.position}`).set(system.as('admin')).expect(200);
    expect(list.body.items.filter((x: { roomId: string }) => x.roomId === 'now')).toHaveLength(1);
  });
});
