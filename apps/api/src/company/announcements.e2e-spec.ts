import type { AnnouncementView, Notice } from '@megabot/contracts';
import request from 'supertest';
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

/** Announcements over HTTP with the projector's announcements manager running; the test claims and confirms as the bot does. */
describe('company announcements over HTTP: publish, one notice per recipient, statistics', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const ACCOUNTS = { 'a-anna': 741001, 'a-boris': 741002, 'a-carl': 741003, 'a-admin': 741004 } as const;
  const as = (id: keyof typeof ACCOUNTS) => system.bot(ACCOUNTS[id]);

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['a-admin'] }, { processManagers: true });
    http = request(system.apiUrl);
    await hireAndBindTelegram(system, [
      { employeeId: 'a-anna', telegramUserId: ACCOUNTS['a-anna'], office: 'HQ', department: 'Sales' },
      { employeeId: 'a-boris', telegramUserId: ACCOUNTS['a-boris'], office: 'SPB', department: 'Eng' },
      { employeeId: 'a-carl', telegramUserId: ACCOUNTS['a-carl'], office: 'HQ', department: 'Eng' },
      { employeeId: 'a-admin', telegramUserId: ACCOUNTS['a-admin'], office: 'SPB', department: 'Ops', roles: ['employee', 'admin'] },
    ]);
    await http
      .put('/notifications/settings')
      .set(as('a-carl'))
      .send({ muted: ['announcements'] })
      .expect(200);
  });
  afterAll(() => system.close());

  const stats = async (id: string): Promise<AnnouncementView> => {
    for (let i = 0; i < 400; i++) {
      const res = await http.get(`/company/announcements/${id}`).set(as('a-admin'));
      if (res.status === 200 && res.body.expanded) return res.body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`announcement ${id} was not expanded`);
  };
  const claim = async (): Promise<Notice[]> => (await http.post('/notifications/claim').set(system.bot()).send({}).expect(200)).body.items;

  it('only admins publish; the audience is checked at the edge and in the domain; a retry publishes nothing new', async () => {
    const body = { announcementId: 'hq-move', text: 'HQ moves to the 5th floor on Friday', audience: 'offices', offices: ['HQ'] };
    await http.post('/company/announcements').set(as('a-anna')).send(body).expect(403);
    const missing = await http
      .post('/company/announcements')
      .set(as('a-admin'))
      .send({ ...body, offices: undefined })
      .expect(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const published = await http.post('/company/announcements').set(as('a-admin')).send(body).expect(201);
    const again = await http.post('/company/announcements').set(as('a-admin')).send(body).expect(201);
    expect(again.body.revision).toBe(published.body.revision);
    const conflict = await http
      .post('/company/announcements')
      .set(as('a-admin'))
      .send({ ...body, text: 'Other' })
      .expect(409);
    expect(conflict.body.code).toBe('company.announcement_exists');
  });

  it("goes once to each verified employee of the audience; a muted one counts as muted; statistics follow the bot's receipts", async () => {
    const view = await stats('hq-move');
    expect(view).toMatchObject({ audience: { kind: 'offices', offices: ['HQ'] }, publishedBy: 'a-admin' });
    expect(view.stats).toEqual({ recipients: 2, queued: 1, sent: 0, failed: 0, muted: 1 }); // anna; carl muted

    const notices = (await claim()).filter((n) => n.feature === 'company');
    expect(notices.map((n) => [n.employeeId, n.kind, n.data])).toEqual([
      ['a-anna', 'announcement', { announcementId: 'hq-move', text: 'HQ moves to the 5th floor on Friday' }],
    ]);
    await http.post(`/notifications/${notices[0].id}/delivered`).set(system.bot()).set('idempotency-key', `d-${notices[0].id}`).send({}).expect(200);
    expect((await stats('hq-move')).stats).toEqual({ recipients: 2, queued: 0, sent: 1, failed: 0, muted: 1 });
    expect((await claim()).filter((n) => n.feature === 'company')).toEqual([]); // never twice

    await http
      .post('/company/announcements')
      .set(as('a-admin'))
      .send({ announcementId: 'eng', text: 'Eng all-hands', audience: 'departments', departments: ['Eng'] });
    expect((await stats('eng')).stats).toEqual({ recipients: 2, queued: 1, sent: 0, failed: 0, muted: 1 }); // boris; carl muted
    const [boris] = (await claim()).filter((n) => n.feature === 'company');
    expect(boris.employeeId).toBe('a-boris');
    await http
      .post(`/notifications/${boris.id}/delivered`)
      .set(system.bot())
      .set('idempotency-key', `d-${boris.id}`)
      .send({ outcome: 'undeliverable', error: 'Forbidden: bot was blocked by the user' })
      .expect(200);
    expect((await stats('eng')).stats).toEqual({ recipients: 2, queued: 0, sent: 0, failed: 1, muted: 1 });

    const list = await http.get('/company/announcements').set(as('a-admin')).expect(200);
    expect(list.body.items.map((a: AnnouncementView) => a.announcementId)).toEqual(['eng', 'hq-move']);
    await http.get('/company/announcements').set(as('a-anna')).expect(403);
    await http.get('/company/announcements/nope').set(as('a-admin')).expect(404);
  });

  it('only admins withdraw; the notices not sent yet are never claimed; a retry withdraws nothing more', async () => {
    await http
      .post('/company/announcements')
      .set(as('a-admin'))
      .send({ announcementId: 'oops', text: 'Free pizza (not really)', audience: 'departments', departments: ['Eng'] })
      .expect(201);
    expect((await stats('oops')).stats).toMatchObject({ recipients: 2, queued: 1 }); // boris, before the bot claims it
    await http.post('/company/announcements/oops/withdraw').set(as('a-anna')).send({}).expect(403);
    const missing = await http.post('/company/announcements/nope/withdraw').set(as('a-admin')).send({}).expect(404);
    expect(missing.body.code).toBe('company.announcement_not_found');
    const withdrawn = await http.post('/company/announcements/oops/withdraw').set(as('a-admin')).send({ reason: 'Sent by mistake' }).expect(201);
    const again = await http.post('/company/announcements/oops/withdraw').set(as('a-admin')).send({}).expect(201);
    expect(again.body.revision).toBe(withdrawn.body.revision);
    const view = await http
      .get(`/company/announcements/oops?waitFor=${encodeURIComponent(withdrawn.body.position)}`)
      .set(as('a-admin'))
      .expect(200);
    expect(view.body.withdrawnAt).toEqual(expect.any(String));
    expect(view.body.stats).toMatchObject({ recipients: 2, queued: 0, sent: 0 });
    expect((await claim()).filter((n) => n.feature === 'company')).toEqual([]);
  });
});
