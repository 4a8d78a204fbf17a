import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

/**
 * The directory over HTTP, fed by identity's events through the projector:
 * search, cards with the manager chain and reports, privacy applied to every
 * answer, vCard export.
 */
describe('directory over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const people: Record<string, { fullName: string; department: string; position: string; office: string; managerId?: string; projects?: string[] }> = {
    'e-pavel': { fullName: 'Павел Смирнов', department: 'Руководство', position: 'Директор', office: 'Москва' },
    'e-olga': { fullName: 'Ольга Кузнецова', department: 'Разработка', position: 'Тимлид', office: 'Москва', managerId: 'e-pavel' },
    'e-anna': { fullName: 'Анна Иванова', department: 'Разработка', position: 'Разработчик', office: 'Казань', managerId: 'e-olga', projects: ['megabot'] },
    'e-boris': { fullName: 'Boris Johnson', department: 'Sales', position: 'Manager', office: 'London' },
  };
  let position = '';

  beforeAll(async () => {
    system = await startTestSystem({ identity: { allowedEmailDomains: ['example.com'] } });
    http = request(system.apiUrl);
    await system.employees('e-pavel', 'e-olga', 'e-anna', 'e-boris', { id: 'e-admin', roles: ['employee', 'admin'] });
    for (const [id, p] of Object.entries(people)) {
      const res = await http.patch(`/identity/employees/${id}`).set(system.as('e-admin')).send(p).expect(200);
      position = res.body.position;
    }
  });
  afterAll(() => system.close());

  const get = (path: string, as: string) => http.get(path).set(system.as(as));

  it('finds colleagues by name in either script, with typos and short first names, and by department', async () => {
    const search = async (q: string) => (await get(`/directory/search?q=${encodeURIComponent(q)}&waitFor=${position}`, 'e-boris').expect(200)).body.items;
    expect((await search('Anna Ivanova'))[0]).toEqual({
      employeeId: 'e-anna',
      fullName: 'Анна Иванова',
      position: 'Разработчик',
      department: 'Разработка',
      office: 'Казань',
      matched: ['name'],
      score: expect.any(Number),
    });
    expect((await search('Борис Джонсон'))[0].employeeId).toBe('e-boris');
    expect((await search('Оля Кузнецва'))[0].employeeId).toBe('e-olga');
    expect((await search('разработка')).map((i: { employeeId: string }) => i.employeeId).sort()).toEqual(['e-anna', 'e-olga']);
    const filtered = await get('/directory/search?office=Казань', 'e-boris').expect(200);
    expect(filtered.body.items.map((i: { employeeId: string }) => i.employeeId)).toEqual(['e-anna']);
  });

  it('a card links the line manager, the chain above and the direct reports', async () => {
    const olga = (await get('/directory/employees/e-olga', 'e-boris').expect(200)).body;
    expect(olga.manager).toMatchObject({ employeeId: 'e-pavel', fullName: 'Павел Смирнов' });
    expect(olga.managerChain.map((m: { employeeId: string }) => m.employeeId)).toEqual(['e-pavel']);
    expect(olga.directReports.map((m: { employeeId: string }) => m.employeeId)).toEqual(['e-anna']);
    const anna = (await get('/directory/employees/e-anna', 'e-boris').expect(200)).body;
    expect(anna.managerChain.map((m: { employeeId: string }) => m.employeeId)).toEqual(['e-olga', 'e-pavel']);
    expect(anna.projects).toEqual(['megabot']);
  });

  it('by default colleagues see the e-mail but not the Telegram contact', async () => {
    const card = (await get('/directory/employees/e-anna', 'e-boris').expect(200)).body;
    expect(card).toMatchObject({ email: 'e-anna@example.com', telegramUserId: null, hidden: ['telegram'], privacy: null });
  });

  it('hidden fields never reach a colleague without rights - card, search or vCard - while the employee, her managers and admins see them', async () => {
    const anna = system.telegramIdOf('e-anna');
    const changed = await http
      .put('/directory/employees/e-anna/privacy')
      .set(system.as('e-anna'))
      .send({ email: false, telegram: true, photo: false })
      .expect(200);
    await http.put('/directory/employees/e-anna/photo').set(system.as('e-anna')).send({ photo: 'https://intranet.example.com/anna.jpg' }).expect(200);
    const photo = await http
      .put('/directory/employees/e-anna/photo')
      .set(system.as('e-admin'))
      .send({ photo: 'https://intranet.example.com/anna2.jpg' })
      .expect(200);
    const waitFor = photo.body.position ?? changed.body.position;

    const colleague = (await get(`/directory/employees/e-anna?waitFor=${waitFor}`, 'e-boris').expect(200)).body;
    expect(colleague).toMatchObject({ email: null, telegramUserId: anna, photo: null, hidden: ['email', 'photo'], privacy: null });
    const everything = [
      JSON.stringify(colleague),
      JSON.stringify((await get('/directory/search?q=Анна', 'e-boris').expect(200)).body),
      JSON.stringify((await get('/directory/search?q=e-anna@example.com', 'e-boris').expect(200)).body),
      (await get('/directory/employees/e-anna/vcard', 'e-boris').expect(200)).text,
      JSON.stringify((await get('/directory/employees/e-olga', 'e-boris').expect(200)).body),
    ].join('\n');
    expect(everything).not.toContain('e-anna@example.com');
    expect(everything).not.toContain('anna2.jpg');

    for (const viewer of ['e-anna', 'e-olga', 'e-pavel', 'e-admin']) {
      const card = (await get('/directory/employees/e-anna', viewer).expect(200)).body;
      expect(card).toMatchObject({ email: 'e-anna@example.com', telegramUserId: anna, photo: 'https://intranet.example.com/anna2.jpg', hidden: [] });
    }
    expect((await get('/directory/employees/e-anna', 'e-anna')).body.privacy).toEqual({ email: false, telegram: true, photo: false });
    expect((await get('/directory/employees/e-anna', 'e-olga')).body.privacy).toBeNull();
    // A card to share shows what any colleague sees, whoever asks for it.
    expect((await get('/directory/employees/e-anna?view=colleague', 'e-olga').expect(200)).body).toMatchObject({
      email: null,
      photo: null,
      hidden: ['email', 'photo'],
    });
    await get('/directory/employees/e-anna?view=everything', 'e-olga').expect(400);
  });

  it('exports a card as a vCard with what the caller may see', async () => {
    const res = await get('/directory/employees/e-anna/vcard', 'e-olga').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/vcard/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="e-anna.vcf"');
    const lines = res.text.split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Анна Иванова',
        'N:Иванова;Анна;;;',
        'TITLE:Разработчик',
        'EMAIL;TYPE=work:e-anna@example.com',
        `IMPP;PREF=1:tg://user?id=${system.telegramIdOf('e-anna')}`,
        'END:VCARD',
      ]),
    );
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('only the employee or an admin changes privacy; bad input is a 400', async () => {
    const refused = await http.put('/directory/employees/e-anna/privacy').set(system.as('e-boris')).send({ email: true }).expect(422);
    expect(refused.body.code).toBe('identity.not_admin_or_self');
    const bad = await http.put('/directory/employees/e-anna/privacy').set(system.as('e-anna')).send({ email: 'yes' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    await http.put('/directory/employees/e-anna/photo').set(system.as('e-anna')).send({ photo: 'ftp://x' }).expect(422);
    await http.put('/directory/employees/e-anna/photo').set(system.as('e-anna')).send({}).expect(400);
  });

  it('a dismissed employee leaves the directory', async () => {
    const res = await http.post('/identity/employees/e-boris/dismiss').set(system.as('e-admin')).send({}).expect(201);
    await get(`/directory/search?q=Boris&waitFor=${res.body.position}`, 'e-anna').expect(200);
    expect((await get('/directory/search?q=Boris Johnson', 'e-anna')).body.items.map((i: { employeeId: string }) => i.employeeId)).not.toContain('e-boris');
    expect((await get('/directory/employees/e-boris', 'e-anna').expect(404)).body.code).toBe('directory.not_found');
  });
});
