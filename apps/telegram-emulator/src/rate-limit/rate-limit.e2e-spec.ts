import { startEmulator, type RunningEmulator } from '../index';
import { call, controlCall, rawCall } from '../testing/bot-api-client';

describe('flood control over HTTP', () => {
  let emu: RunningEmulator;
  let now = 0;
  const USER = { id: 4001, first_name: 'Ira', started: true };

  beforeAll(async () => {
    emu = await startEmulator({ users: [USER], clock: { now: () => now } });
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.control.reset();
    now = Date.now();
  });

  it('the control endpoint injects 429 for the next K responses', async () => {
    const injected = await controlCall(emu, 'POST', '/rate-limit/inject', { count: 2, retry_after: 3 });
    expect(injected.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      const res = await rawCall(emu, 'sendMessage', { chat_id: USER.id, text: `try ${i}` });
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    }
    expect((await rawCall(emu, 'sendMessage', { chat_id: USER.id, text: 'now' })).body.ok).toBe(true);
    expect(emu.control.messages(USER.id).map((m) => m.text)).toEqual(['now']);
  });

  it('switchable per-chat limit answers 429 with retry_after, then lets messages through', async () => {
    const put = await controlCall(emu, 'PUT', '/rate-limit', { enabled: true });
    expect(put.result).toEqual(expect.objectContaining({ enabled: true, perChat: { limit: 1, windowMs: 1000 } }));
    expect((await rawCall(emu, 'sendMessage', { chat_id: USER.id, text: '1' })).body.ok).toBe(true);
    now += 300;
    const refused = await rawCall(emu, 'sendMessage', { chat_id: USER.id, text: '2' });
    expect(refused.body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    now += 700;
    expect((await rawCall(emu, 'sendMessage', { chat_id: USER.id, text: '3' })).body.ok).toBe(true);
    expect(emu.control.history(USER.id).events.filter((e) => e.type === 'rate_limited')).toHaveLength(1);
  });

  it('per-group limit: 20 per minute', async () => {
    emu.control.setRateLimits({ enabled: true });
    const group = emu.control.createGroup({ title: 'Busy', creatorId: USER.id, addBot: true });
    for (let i = 0; i < 20; i++) {
      await call(emu, 'sendMessage', { chat_id: group.id, text: `m${i}` });
      now += 100;
    }
    const refused = await rawCall(emu, 'sendMessage', { chat_id: group.id, text: 'one too many' });
    expect(refused.body.error_code).toBe(429);
    expect(refused.body.parameters).toEqual({ retry_after: 58 });
  });
});
