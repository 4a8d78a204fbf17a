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
});
