import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

describe('bot conversation state, user settings and feature switches over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] });
    http = request(system.apiUrl);
    await system.employees('e-admin', 'e-anna');
  });
  afterAll(async () => {
    await system.close();
  });

  const put = (key: string, expectedVersion: number, step = 'amount', ttlSeconds = 600) =>
    http
      .put(`/bot/conversations/user/${key}`)
      .set(system.bot())
      .send({ flow: 'auction.max', step, data: { lotId: 'bike' }, expectedVersion, ttlSeconds });

  it('creates a state at version 1, changes it only from the version read, and refuses a stale write with 409', async () => {
    expect((await http.get('/bot/conversations/user/1:1').set(system.bot()).expect(404)).headers['content-type']).toMatch(/problem\+json/);
    const created = (await put('1:1', 0).expect(200)).body;
    expect(created).toMatchObject({ scope: 'user', key: '1:1', flow: 'auction.max', step: 'amount', data: { lotId: 'bike' }, version: 1 });
    expect((await put('1:1', 0).expect(409)).body).toMatchObject({ code: 'bot.conversation_conflict', currentVersion: 1 });
    expect((await put('1:1', 1, 'confirm').expect(200)).body).toMatchObject({ step: 'confirm', version: 2 });
    expect((await put('1:1', 1, 'other').expect(409)).body.currentVersion).toBe(2);
    expect((await http.get('/bot/conversations/user/1:1').set(system.bot()).expect(200)).body).toMatchObject({ step: 'confirm', version: 2 });
    // the same key in the other scope is another state
    await http.get('/bot/conversations/message/1:1').set(system.bot()).expect(404);
  });

  it('two instances writing from the same version: exactly one wins', async () => {
    await put('2:2', 0).expect(200);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => put('2:2', 1, `s${i}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
  });

  it('an expired state reads as absent and can be started again from version 0 (the old version still conflicts)', async () => {
    await put('3:3', 0).expect(200);
    await system.ds.query(`UPDATE bot.conversations SET expires_at = now() - interval '1 second' WHERE key = '3:3'`);
    await http.get('/bot/conversations/user/3:3').set(system.bot()).expect(404);
    await put('3:3', 1).expect(409);
    expect((await put('3:3', 0).expect(200)).body.version).toBe(2);
  });

  it('deletes from the version read; a newer version conflicts; gone is fine', async () => {
    await put('4:4', 0).expect(200);
    await put('4:4', 1).expect(200);
    await http.delete('/bot/conversations/user/4:4?expectedVersion=1').set(system.bot()).expect(409);
    await http.delete('/bot/conversations/user/4:4?expectedVersion=2').set(system.bot()).expect(204);
    await http.delete('/bot/conversations/user/4:4?expectedVersion=2').set(system.bot()).expect(204);
    await http.get('/bot/conversations/user/4:4').set(system.bot()).expect(404);
  });

  it('validates scope, key, size and body', async () => {
    await http.get('/bot/conversations/chat/1:1').set(system.bot()).expect(400);
    await http.get('/bot/conversations/user/a%20b').set(system.bot()).expect(400);
    await http.put('/bot/conversations/user/5:5').set(system.bot()).send({ flow: 'x', step: 'y', data: {}, expectedVersion: -1, ttlSeconds: 10 }).expect(400);
    await http
      .put('/bot/conversations/user/5:5')
      .set(system.bot())
      .send({ flow: 'x', step: 'y', data: { big: 'x'.repeat(9000) }, expectedVersion: 0, ttlSeconds: 10 })
      .expect(422);
  });

  it('the claim of an update also answers the user language and conversation; a duplicate claim answers neither', async () => {
    await http.put('/bot/users/501/settings').set(system.bot(501)).send({ language: 'ru' }).expect(200);
    await put('501:501', 0).expect(200);
    const first = (await http.post('/bot/updates/880001/claim').set(system.bot()).send({ userId: 501, conversationKey: '501:501' }).expect(200)).body;
    expect(first).toMatchObject({
      updateId: 880001,
      first: true,
      settings: { telegramUserId: 501, language: 'ru' },
      conversation: { flow: 'auction.max', version: 1 },
    });
    expect((await http.post('/bot/updates/880001/claim').set(system.bot()).send({ userId: 501, conversationKey: '501:501' }).expect(200)).body).toEqual({
      updateId: 880001,
      first: false,
      pending: true, // the first claim was not reported handled
    });
    const none = (await http.post('/bot/updates/880002/claim').set(system.bot()).send({ userId: 502, conversationKey: '502:502' }).expect(200)).body;
    expect(none).toEqual({ updateId: 880002, first: true, settings: { telegramUserId: 502, language: null }, conversation: null, identity: null });
    await http.put('/bot/users/501/settings').set(system.bot(501)).send({ language: null }).expect(200);
    expect((await http.get('/bot/users/501/settings').set(system.bot(501)).expect(200)).body).toEqual({ telegramUserId: 501, language: null });
    await http.put('/bot/users/501/settings').set(system.bot(501)).send({ language: 'de' }).expect(400);
  });

  it('the claim also answers who the user is and the pressed message state: all an update needs, in one round trip', async () => {
    const anna = system.telegramIdOf('e-anna');
    await http
      .put(`/bot/conversations/message/${anna}:77`)
      .set(system.bot())
      .send({ flow: 'auction', step: 'list', data: { list: { offset: 0 } }, expectedVersion: 0, ttlSeconds: 600 })
      .expect(200);
    const claim = (updateId: number, body: Record<string, unknown>) => http.post(`/bot/updates/${updateId}/claim`).set(system.bot()).send(body).expect(200);
    const first = (await claim(880101, { userId: anna, conversationKey: `${anna}:${anna}`, messageKey: `${anna}:77` })).body;
    expect(first).toMatchObject({
      first: true,
      identity: { telegramUserId: anna, employeeId: 'e-anna', roles: expect.arrayContaining(['employee']) },
      conversation: null,
      message: { scope: 'message', key: `${anna}:77`, step: 'list', version: 1 },
    });
    expect((await claim(880102, { userId: anna, messageKey: `${anna}:78` })).body.message).toBeNull();
    expect((await claim(880101, { userId: anna, messageKey: `${anna}:77` })).body).toEqual({ updateId: 880101, first: false, pending: true }); // not reported handled yet
    await http.post('/bot/updates/880103/claim').set(system.bot()).send({ messageKey: 'a b' }).expect(400);
  });

  it("a user's flow that timed out is answered once, with the first claim after its timeout; a new flow starts unmarked", async () => {
    const claim = async (updateId: number) =>
      (await http.post(`/bot/updates/${updateId}/claim`).set(system.bot()).send({ userId: 601, conversationKey: '601:601' }).expect(200)).body;
    await put('601:601', 0).expect(200);
    expect((await claim(880201)).timedOut).toBeUndefined(); // still running
    await system.ds.query(`UPDATE bot.conversations SET expires_at = now() - interval '1 second' WHERE key = '601:601'`);
    const [told, again] = await Promise.all([claim(880202), claim(880202)]); // a redelivery at the same time takes nothing
    expect([told, again].filter((c) => c.first)).toHaveLength(1);
    expect([told, again].find((c) => c.first)).toMatchObject({ conversation: null, timedOut: { flow: 'auction.max', step: 'amount' } });
    expect([told, again].find((c) => !c.first).timedOut).toBeUndefined();
    expect((await claim(880203)).timedOut).toBeUndefined(); // told once
    expect((await put('601:601', 0).expect(200)).body.version).toBe(2);
    await system.ds.query(`UPDATE bot.conversations SET expires_at = now() - interval '1 second' WHERE key = '601:601'`);
    expect((await claim(880204)).timedOut).toEqual({ flow: 'auction.max', step: 'amount' });
  });

  it('feature switches: admins only, merged rules, null removes a rule', async () => {
    await http
      .patch('/bot/switches/auction.open_lot')
      .set(system.as('e-anna'))
      .send({ users: { 'e-anna': true } })
      .expect(403);
    await http.patch('/bot/switches/auction.open_lot').send({ all: true }).expect(401);
    const created = (
      await http
        .patch('/bot/switches/auction.open_lot')
        .set(system.as('e-admin'))
        .send({ description: 'Open a lot from the bot', users: { 'e-anna': true } })
        .expect(200)
    ).body;
    expect(created).toMatchObject({ name: 'auction.open_lot', all: false, users: { 'e-anna': true }, roles: {}, revision: 1, updatedBy: 'e-admin' });
    const more = (
      await http
        .patch('/bot/switches/auction.open_lot')
        .set(system.as('e-admin'))
        .send({ roles: { tester: true }, appVersions: { '0.2.*': true }, users: { 'e-boris': false } })
        .expect(200)
    ).body;
    expect(more).toMatchObject({ users: { 'e-anna': true, 'e-boris': false }, roles: { tester: true }, appVersions: { '0.2.*': true }, revision: 2 });
    const less = (
      await http
        .patch('/bot/switches/auction.open_lot')
        .set(system.as('e-admin'))
        .send({ users: { 'e-boris': null } })
        .expect(200)
    ).body;
    expect(less.users).toEqual({ 'e-anna': true });
    await http
      .patch('/bot/switches/auction.open_lot')
      .set(system.as('e-admin'))
      .send({ users: { 'bad id': true } })
      .expect(400);
    await http
      .patch('/bot/switches/auction.open_lot')
      .set(system.as('e-admin'))
      .send({ users: { x: 'yes' } })
      .expect(400);
    await http.patch('/bot/switches/Bad%20Name').set(system.as('e-admin')).send({ all: true }).expect(400);
    expect((await http.get('/bot/switches').set(system.bot()).expect(200)).body.items.map((s: { name: string }) => s.name)).toEqual(['auction.open_lot']);
    await http.delete('/bot/switches/auction.open_lot').set(system.as('e-anna')).expect(403);
    await http.delete('/bot/switches/auction.open_lot').set(system.as('e-admin')).expect(204);
    await http.get('/bot/switches/auction.open_lot').set(system.bot()).expect(404);
  });
});
