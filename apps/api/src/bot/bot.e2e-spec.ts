import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { ClaimUpdateHandler } from './claim-update/claim-update.handler';

describe('bot update claims over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem();
    http = request(system.apiUrl);
  });
  afterAll(async () => {
    await system.close();
  });

  // the bot service claims updates (its credential, no Telegram user)
  const claim = (id: string | number) => http.post(`/bot/updates/${id}/claim`).set(system.bot()).send({});

  it('the first claim of an update_id wins, every later one (any instance) is told it is a duplicate, pending while unreported', async () => {
    expect((await claim(424242).expect(200)).body).toEqual({ updateId: 424242, first: true });
    expect((await claim(424242).expect(200)).body).toEqual({ updateId: 424242, first: false, pending: true });
    expect((await claim(424243).expect(200)).body).toEqual({ updateId: 424243, first: true });
  });

  it('a claim is a lease until the bot reports the update handled: a claim whose bot died is handed out again once its lease ran out', async () => {
    const expire = (id: number) => system.ds.query(`UPDATE bot.processed_updates SET leased_until = now() - interval '1 second' WHERE update_id = $1`, [id]);
    // the bot died after claiming 991001: a redelivery after the lease is first again
    expect((await claim(991001).expect(200)).body.first).toBe(true);
    // still leased and not reported: a redelivery is told the holder has it pending (the bot refuses it, Telegram delivers it again)
    expect((await claim(991001).expect(200)).body).toEqual({ updateId: 991001, first: false, pending: true });
    await expire(991001);
    expect((await claim(991001).expect(200)).body.first).toBe(true);
    // handled and reported: never again, also after the lease
    expect((await claim(991002).expect(200)).body.first).toBe(true);
    const handled = await http
      .post('/bot/updates/handled')
      .set(system.bot())
      .send({ updateIds: [991001, 991002, 991003] })
      .expect(200);
    expect(handled.body).toEqual({ handled: 2 });
    await expire(991001);
    await expire(991002);
    expect((await claim(991001).expect(200)).body).toEqual({ updateId: 991001, first: false, pending: false });
    expect((await claim(991002).expect(200)).body).toEqual({ updateId: 991002, first: false, pending: false });
    await http
      .post('/bot/updates/handled')
      .set(system.bot())
      .send({ updateIds: [-1] })
      .expect(400);
    await http.post('/bot/updates/handled').set(system.bot()).send({ updateIds: 'x' }).expect(400);
  });

  it('concurrent claims of one update_id: exactly one is first', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => claim(777001).expect(200)));
    expect(answers.filter((r) => r.body.first === true)).toHaveLength(1);
  });

  it('many claims at once (they go to the database together): each update first exactly once, per bot', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => 778000 + i);
    const claims = [...ids, ...ids, ...ids].flatMap((id) => [
      http.post(`/bot/updates/${id}/claim`).set(system.bot()).send({ botId: 11 }).expect(200),
      http.post(`/bot/updates/${id}/claim`).set(system.bot()).send({ botId: 12, userId: 5, conversationKey: '5:5' }).expect(200),
    ]);
    const answers = (await Promise.all(claims)).map((r, i) => ({ bot: i % 2, ...r.body }));
    for (const bot of [0, 1])
      expect(
        answers
          .filter((a) => a.bot === bot && a.first)
          .map((a) => a.updateId)
          .sort(),
      ).toEqual(ids);
    expect(answers.filter((a) => a.first && a.bot === 1).every((a) => a.settings && a.conversation === null && a.identity === null)).toBe(true);
  });

  it('refuses an update_id that is not a non-negative integer (400 problem)', async () => {
    for (const bad of ['abc', '-1', '1.5', '12345678901234567']) {
      const r = await claim(bad).expect(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('claims older than the retention are purged; a claim survives until then', async () => {
    await claim(555001).expect(200);
    await system.ds.query(`UPDATE bot.processed_updates SET claimed_at = now() - interval '25 hours' WHERE update_id = 555001`);
    const claims = system.api.get(ClaimUpdateHandler);
    expect(await claims.purge()).toBeGreaterThanOrEqual(1);
    const left = await system.ds.query(`SELECT update_id FROM bot.processed_updates WHERE update_id IN (555001, 424242)`);
    expect(left.map((r: { update_id: string }) => Number(r.update_id))).toEqual([424242]);
  });

  it("records the user's Telegram client language with the claim; their /language choice wins for the bot's own messages", async () => {
    // What the notices outbox writes in (its claim resolves each recipient's language the same way).
    const languages = async (ids: number[]) => {
      const rows: { id: string; language: string | null }[] = await system.ds.query(
        `SELECT telegram_user_id::text AS id, coalesce(language, telegram_language) AS language FROM bot.user_settings WHERE telegram_user_id = ANY($1::bigint[])`,
        [ids],
      );
      const found = new Map(rows.map((r) => [r.id, r.language]));
      return { body: { languages: Object.fromEntries(ids.map((id) => [String(id), found.get(String(id)) ?? null])) } };
    };
    await http.post('/bot/updates/880001/claim').set(system.bot()).send({ userId: 5550001, telegramLanguage: 'en' }).expect(200);
    expect((await languages([5550001, 5550002])).body).toEqual({ languages: { '5550001': 'en', '5550002': null } });
    await http.put('/bot/users/5550001/settings').set(system.bot(5550001)).send({ language: 'ru' }).expect(200);
    await http.post('/bot/updates/880002/claim').set(system.bot()).send({ userId: 5550001, telegramLanguage: 'en' }).expect(200);
    expect((await languages([5550001])).body).toEqual({ languages: { '5550001': 'ru' } });
    await http.put('/bot/users/5550001/settings').set(system.bot(5550001)).send({ language: null }).expect(200);
    expect((await languages([5550001])).body).toEqual({ languages: { '5550001': 'en' } }); // back to the client's
    const bad = await http.post('/bot/updates/880003/claim').set(system.bot()).send({ userId: 5550001, telegramLanguage: 'de' }).expect(400);
    expect(bad.body.detail).toMatch(/telegramLanguage/);
  });
});
