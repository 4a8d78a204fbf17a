import { comparePositions, parsePosition } from '@megabot/contracts';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

/** The admin site's calendars read an office's bookings over a few days; the page follows the read side's positions. */
describe("an office's bookings between two dates (admins), and where each read model stands", () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const zone = 'Europe/Moscow';
  const day = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(Date.now() + offsetDays * 86_400_000));
  const [d1, d2, d3] = [day(1), day(2), day(3)];
  let last = '';

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    await system.employees('admin', 'anna', 'boris');
    const post = async (path: string, as: string, body: object) => {
      const res = await http.post(path).set(system.as(as)).send(body).expect(201);
      last = res.body.position;
      return res.body;
    };
    const allWeek = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };
    await post('/rooms/offices', 'admin', { officeId: 'hq', name: 'HQ', timeZone: zone });
    await post('/rooms/offices', 'admin', { officeId: 'annex', name: 'Annex', timeZone: zone });
    await post('/rooms/offices/hq/rooms', 'admin', { roomId: 'hq-a', name: 'A', floor: 1, capacity: 4, workingHours: allWeek });
    await post('/rooms/offices/hq/rooms', 'admin', { roomId: 'hq-b', name: 'B', floor: 1, capacity: 4, workingHours: allWeek, privacy: true });
    await post('/rooms/offices/annex/rooms', 'admin', { roomId: 'annex-a', name: 'Annex A', floor: 1, capacity: 4, workingHours: allWeek });
    const book = (room: string, as: string, title: string, date: string, from: string, to: string) =>
      post(`/rooms/${room}/bookings`, as, { title, start: `${date}T${from}:00+03:00`, end: `${date}T${to}:00+03:00` });
    await book('hq-b', 'anna', 'Salary review', d1, '11:00', '12:00');
    await book('hq-a', 'anna', 'Standup', d1, '09:00', '09:30');
    await book('hq-a', 'boris', 'Retro', d2, '15:00', '16:00');
    await book('hq-a', 'boris', 'Out of range', d3, '10:00', '11:00');
    await book('annex-a', 'boris', 'Other office', d1, '10:00', '11:00');
    const cancelled = await book('hq-a', 'boris', 'Called off', d2, '10:00', '11:00');
    await http.get(`/rooms/bookings/mine?waitFor=${last}`).set(system.as('boris')).expect(200); // a booking is found by the read model
    await post(`/rooms/bookings/${cancelled.bookingId}/cancel`, 'boris', {});
  });
  afterAll(async () => {
    await system?.close();
  });

  const bookings = (query: string, as = 'admin') => http.get(`/rooms/offices/hq/bookings?${query}&waitFor=${last}`).set(system.as(as));

  it('answers the range by start, with private titles for the admin; one room; cancelled ones on request', async () => {
    const all = (await bookings(`from=${d1}&to=${d2}`).expect(200)).body;
    expect(all).toMatchObject({ officeId: 'hq', from: d1, to: d2 });
    expect(all.items.map((b: { title: string; roomName: string; date: string }) => [b.date, b.roomName, b.title])).toEqual([
      [d1, 'A', 'Standup'],
      [d1, 'B', 'Salary review'],
      [d2, 'A', 'Retro'],
    ]);
    expect(all.items[0]).toMatchObject({ organizerId: 'anna', start: `${d1}T09:00:00+03:00`, end: `${d1}T09:30:00+03:00`, status: 'booked' });
    const one = (await bookings(`from=${d1}&to=${d2}&roomId=hq-b`).expect(200)).body.items;
    expect(one.map((b: { title: string }) => b.title)).toEqual(['Salary review']);
    const withCancelled = (await bookings(`from=${d2}&to=${d2}&cancelled=true`).expect(200)).body.items;
    expect(withCancelled.map((b: { title: string; status: string }) => [b.title, b.status])).toEqual([
      ['Called off', 'cancelled'],
      ['Retro', 'booked'],
    ]);
  });

  it('refuses a bad range, an unknown office and anyone but admins', async () => {
    expect((await bookings(`from=${d2}&to=${d1}`).expect(400)).body.title).toMatch(/^to must be a date from "from" to 30 days after it/);
    expect((await bookings(`from=${d1}&to=${day(40)}`).expect(400)).body.code).toBe('validation.failed');
    expect((await bookings(`from=tomorrow&to=${d1}`).expect(400)).body.errors).toEqual([{ field: 'from', messages: ['from must be YYYY-MM-DD'] }]);
    expect((await http.get(`/rooms/offices/nowhere/bookings?from=${d1}&to=${d1}`).set(system.as('admin')).expect(404)).body.code).toBe(
      'rooms.office_not_found',
    );
    await bookings(`from=${d1}&to=${d1}`, 'anna').expect(403);
  });

  it("tells admins each projection's log position, at or past what a command wrote", async () => {
    const { positions } = (await http.get('/projections/positions').set(system.as('admin')).expect(200)).body as { positions: Record<string, string> };
    expect(Object.keys(positions)).toEqual(expect.arrayContaining(['auction', 'rooms', 'company', 'displays']));
    expect(comparePositions(parsePosition(positions.rooms), parsePosition(last))).toBeGreaterThanOrEqual(0);
    await http.get('/projections/positions').set(system.as('anna')).expect(403);
  });
});
