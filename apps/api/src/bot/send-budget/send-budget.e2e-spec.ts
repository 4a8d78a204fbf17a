import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

describe("a bot's Telegram send budget over HTTP (one bucket for all its instances)", () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    system = await startTestSystem();
    http = request(system.apiUrl);
  });
  afterAll(async () => {
    await system.close();
  });

  const take = (botId: string | undefined, body: Record<string, unknown>) => {
    const r = http.post('/bot/send-budget').set(system.bot());
    return (botId === undefined ? r : r.set('x-bot-id', botId)).send(body);
  };

  it('grants at most the burst at once, then nothing until tokens come back, saying when', async () => {
    const first = await take('7000000001', { want: 5, ratePerS: 1, burst: 3 }).expect(200);
    expect(first.body).toEqual({ granted: 3, retryAfterMs: 0 });
    const empty = await take('7000000001', { want: 1, ratePerS: 1, burst: 3 }).expect(200);
    expect(empty.body.granted).toBe(0);
    // one token a second: the next one is due within a second
    expect(empty.body.retryAfterMs).toBeGreaterThan(0);
    expect(empty.body.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('refills by elapsed time up to the burst, never beyond', async () => {
    await take('7000000002', { want: 2, ratePerS: 10, burst: 2 }).expect(200);
    // as if the last take were an hour ago: the bucket is full again, but holds only the burst
    await system.ds.query(`UPDATE bot.send_budget SET updated_at = updated_at - interval '1 hour' WHERE bot_id = '7000000002'`);
    expect((await take('7000000002', { want: 10, ratePerS: 10, burst: 2 }).expect(200)).body).toEqual({ granted: 2, retryAfterMs: 0 });
  });

  it('instances taking at once never get more than the bucket holds plus what time refilled', async () => {
    const startedAt = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, () => take('7000000003', { want: 1, ratePerS: 5, burst: 4 }).expect(200)));
    const elapsedS = (Date.now() - startedAt) / 1000;
    const granted = answers.reduce((n, a) => n + a.body.granted, 0);
    expect(granted).toBeGreaterThanOrEqual(4);
    expect(granted).toBeLessThanOrEqual(4 + Math.floor(elapsedS * 5) + 1);
  });

  it('keeps one bucket per bot: another bot sharing the API has its own', async () => {
    await take('7000000004', { want: 3, ratePerS: 1, burst: 3 }).expect(200);
    expect((await take('7000000004', { want: 1, ratePerS: 1, burst: 3 }).expect(200)).body.granted).toBe(0);
    expect((await take('7000000005', { want: 3, ratePerS: 1, burst: 3 }).expect(200)).body.granted).toBe(3);
  });

  it('refuses a call without the bot id, bad numbers, and anyone but the bot', async () => {
    const anonymous = await take(undefined, { want: 1, ratePerS: 1, burst: 1 }).expect(400);
    expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
    expect(anonymous.body).toMatchObject({ code: 'auth.bot_id_required', title: expect.stringMatching(/X-Bot-Id/) });
    for (const bad of [
      { want: 0, ratePerS: 1, burst: 1 },
      { want: 1, ratePerS: 1e9, burst: 1 },
      { want: 1, ratePerS: 1 },
      { want: '1', ratePerS: 1, burst: 1 },
    ]) {
      const r = await take('7000000006', bad).expect(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    await http.post('/bot/send-budget').send({ want: 1, ratePerS: 1, burst: 1 }).expect(401);
    await system.employees('e-budget');
    await http
      .post('/bot/send-budget')
      .set(await system.token('e-budget'))
      .send({ want: 1, ratePerS: 1, burst: 1 })
      .expect(403);
  });
});
