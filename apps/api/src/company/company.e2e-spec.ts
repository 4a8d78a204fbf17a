import request from 'supertest';
import { XMLCALENDAR_RU_2026 } from '../../../../libs/domain/src/company/fixtures/xmlcalendar-ru-2026';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

const RU_2026 = XMLCALENDAR_RU_2026;

describe('company over HTTP: useful links and production calendars', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem();
    http = request(system.apiUrl);
    await system.employees('e-anna', { id: 'e-admin', roles: ['employee', 'admin'] });
  });
  afterAll(() => system.close());

  it('admins manage links; employees read them by category', async () => {
    const admin = system.as('e-admin');
    await http.post('/company/links').set(admin).send({ linkId: 'vpn', category: 'IT', title: 'VPN', url: 'https://wiki.example.com/vpn' }).expect(201);
    await http
      .post('/company/links')
      .set(admin)
      .send({ linkId: 'menu', category: 'Офис', title: 'Меню столовой', url: 'https://intranet.example.com/menu' })
      .expect(201);
    await http.post('/company/links').set(admin).send({ linkId: 'old', category: 'IT', title: 'Old wiki', url: 'https://old.example.com' }).expect(201);
    await http.patch('/company/links/vpn').set(admin).send({ title: 'VPN guide', description: 'Windows, macOS, Linux' }).expect(200);
    const removed = await http.delete('/company/links/old').set(admin).expect(200);
    const links = await http.get(`/company/links?waitFor=${removed.body.position}`).set(system.as('e-anna')).expect(200);
    expect(links.body).toEqual({
      // by name, Cyrillic first (Russian collation)
      categories: [
        { category: 'Офис', links: [{ linkId: 'menu', category: 'Офис', title: 'Меню столовой', url: 'https://intranet.example.com/menu', description: '' }] },
        {
          category: 'IT',
          links: [{ linkId: 'vpn', category: 'IT', title: 'VPN guide', url: 'https://wiki.example.com/vpn', description: 'Windows, macOS, Linux' }],
        },
      ],
    });
    await http.post('/company/links').set(system.as('e-anna')).send({ linkId: 'x', category: 'IT', title: 'X', url: 'https://x.example.com' }).expect(403);
    const bad = await http.post('/company/links').set(admin).send({ linkId: 'bad', category: 'IT', title: 'X', url: 'ftp://x' }).expect(422);
    expect(bad.body.code).toBe('company.invalid_field');
    await http.post('/company/links').set(admin).send({ linkId: 'BAD ID', category: 'IT', title: 'X', url: 'https://x' }).expect(400);
  });

  it('an admin imports the xmlcalendar.ru file; employees read the year and ask about a date', async () => {
    const admin = system.as('e-admin');
    const imported = await http.post('/company/calendars/import').set(admin).send({ region: 'ru', format: 'xmlcalendar', content: RU_2026 }).expect(201);
    expect(imported.body).toMatchObject({ calendarId: 'ru-2026', year: 2026, days: 22, duplicate: false });
    const again = await http.post('/company/calendars/import').set(admin).send({ region: 'ru', format: 'xmlcalendar', content: RU_2026 }).expect(201);
    expect(again.body.revision).toBe(imported.body.revision); // the same file again writes nothing

    const year = await http.get(`/company/calendars/ru/2026?waitFor=${imported.body.position}`).set(system.as('e-anna')).expect(200);
    expect(year.body).toMatchObject({
      region: 'ru',
      year: 2026,
      source: 'xmlcalendar.ru ru 2025.09.24',
      summary: { workingDays: 247, shortenedDays: 4, workingHours: 1972 },
    });
    expect(year.body.days[0]).toEqual({ date: '2026-01-01', kind: 'holiday', title: 'Новогодние каникулы', movedFrom: null });

    const day = (date: string, region = 'ru') => http.get(`/company/calendars/${region}/working-day?date=${date}`).set(system.as('e-anna')).expect(200);
    expect((await day('2026-01-09')).body).toMatchObject({ working: false, hours: 0, calendarKnown: true, day: { movedFrom: '2026-01-03' } });
    expect((await day('2026-04-30')).body).toMatchObject({ working: true, hours: 7 });
    expect((await day('2026-01-12')).body).toMatchObject({ working: true, hours: 8, day: null });
    expect((await day('2027-01-01')).body).toMatchObject({ working: true, calendarKnown: false }); // no 2027 calendar: the usual week
    await http.get('/company/calendars/ru/2025').set(system.as('e-anna')).expect(404);
    await http.get('/company/calendars/ru/working-day?date=2026-1-1').set(system.as('e-anna')).expect(400);
  });

  it('refuses a file that is not a calendar, and employees importing', async () => {
    const bad = await http
      .post('/company/calendars/import')
      .set(system.as('e-admin'))
      .send({ region: 'ru', format: 'xmlcalendar', content: '<html/>' })
      .expect(422);
    expect(bad.body.code).toBe('company.invalid_calendar');
    await http.post('/company/calendars/import').set(system.as('e-anna')).send({ region: 'ru', format: 'xmlcalendar', content: RU_2026 }).expect(403);
    await http.post('/company/calendars/import').set(system.as('e-admin')).send({ region: 'ru', format: 'csv', content: 'x' }).expect(400);
  });

  describe("the office's calendar in timesheets and rooms", () => {
    // A weekday from the day after tomorrow on, declared a holiday in HQ's own calendar (employees' office `HQ` is region `hq`).
    const DAY = 86_400_000;
    const dateIn = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
    let n = 2;
    while ([0, 6].includes(new Date(`${dateIn(n)}T12:00:00Z`).getUTCDay())) n++;
    const holiday = dateIn(n);
    const [year, month, dom] = holiday.split('-');
    const hqCalendar = `<calendar year="${year}" lang="ru" date="test" country="ru"><holidays><holiday id="1" title="Office Day"/></holidays><days><day d="${month}.${dom}" t="1" h="1"/></days></calendar>`;
    const WEEKDAYS = { days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' };
    const ALL_WEEK = { days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '20:00' };

    beforeAll(async () => {
      const admin = system.as('e-admin');
      await http.post('/rooms/offices').set(admin).send({ officeId: 'hq', name: 'HQ', timeZone: 'UTC' }).expect(201);
      await http
        .post('/rooms/offices/hq/rooms')
        .set(admin)
        .send({ roomId: 'weekday', name: 'Weekday', floor: 1, capacity: 6, workingHours: WEEKDAYS })
        .expect(201);
      await http
        .post('/rooms/offices/hq/rooms')
        .set(admin)
        .send({ roomId: 'always', name: 'Always', floor: 1, capacity: 6, workingHours: ALL_WEEK })
        .expect(201);
      const imported = await http.post('/company/calendars/import').set(admin).send({ region: 'hq', format: 'xmlcalendar', content: hqCalendar }).expect(201);
      await http.get(`/company/calendars/hq/${year}?waitFor=${imported.body.position}`).set(admin).expect(200);
    });

    it('no booking on the holiday in a weekday room (422), the free-rooms search and the day buttons leave it out; a room open on weekends stays bookable', async () => {
      const anna = system.as('e-anna');
      const refused = await http
        .post('/rooms/weekday/bookings')
        .set(anna)
        .send({ title: 'Sync', start: `${holiday}T10:00:00Z`, end: `${holiday}T11:00:00Z` })
        .expect(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'rooms.holiday', title: expect.stringContaining('Office Day') });
      await http
        .post('/rooms/always/bookings')
        .set(anna)
        .send({ title: 'Sync', start: `${holiday}T10:00:00Z`, end: `${holiday}T11:00:00Z` })
        .expect(201);

      const free = await http.get(`/rooms/offices/hq/free?date=${holiday}&from=12:00&to=13:00`).set(anna).expect(200);
      expect(free.body.rooms.map((r: { roomId: string }) => r.roomId)).toEqual(['always']);
      expect(free.body.unavailable).toEqual([expect.objectContaining({ roomId: 'weekday', code: 'rooms.holiday' })]);

      expect((await http.get('/rooms/weekday/day').set(anna).expect(200)).body.daysOff).toEqual([holiday]);
      expect((await http.get('/rooms/always/day').set(anna).expect(200)).body.daysOff).toEqual([]);
      const onHoliday = await http.get(`/rooms/weekday/day?date=${holiday}`).set(anna).expect(200);
      expect(onHoliday.body.free).toEqual([]);
      const offices = await http.get('/rooms/offices').set(anna).expect(200);
      expect(offices.body.items.find((o: { officeId: string }) => o.officeId === 'hq').daysOff).toEqual([holiday]);
    });

    it("an employee's week marks the office's holiday and the days on leave as not working; only admins record leave", async () => {
      const admin = system.as('e-admin');
      const week = async (waitFor?: string) =>
        (
          await http
            .get(`/timesheets/week?date=${holiday}${waitFor ? `&waitFor=${waitFor}` : ''}`)
            .set(system.as('e-anna'))
            .expect(200)
        ).body.days as {
          date: string;
          working: boolean;
        }[];
      const before = await week();
      expect(before.filter((d) => d.working).length).toBe(4);
      expect(before.find((d) => d.date === holiday)?.working).toBe(false);

      const monday = before[0].date;
      const leave = { leaveId: 'rest', from: monday, to: monday, kind: 'vacation' };
      await http.post('/timesheets/employees/e-anna/leave').set(system.as('e-anna')).send(leave).expect(403);
      await http
        .post('/timesheets/employees/e-anna/leave')
        .set(admin)
        .send({ ...leave, kind: 'party' })
        .expect(400);
      const recorded = await http.post('/timesheets/employees/e-anna/leave').set(admin).send(leave).expect(201);
      const again = await http.post('/timesheets/employees/e-anna/leave').set(admin).send(leave).expect(201);
      expect(again.body.revision).toBe(recorded.body.revision);
      const conflict = await http
        .post('/timesheets/employees/e-anna/leave')
        .set(admin)
        .send({ ...leave, to: before[1].date })
        .expect(409);
      expect(conflict.body.code).toBe('timesheets.leave_exists');
      const after = await week(recorded.body.position);
      expect(after.filter((d) => d.working).length).toBe(monday === holiday ? 4 : 3);
      expect(after[0].working).toBe(false);

      const listed = await http.get('/timesheets/employees/e-anna/leave').set(admin).expect(200);
      expect(listed.body.items).toEqual([{ leaveId: 'rest', employeeId: 'e-anna', from: monday, to: monday, kind: 'vacation', cancelled: false }]);
      const cancelled = await http.post('/timesheets/employees/e-anna/leave/rest/cancel').set(admin).expect(201);
      expect((await week(cancelled.body.position)).filter((d) => d.working).length).toBe(4);
      await http.post('/timesheets/employees/e-anna/leave/nope/cancel').set(admin).expect(404);
    });
  });
});
