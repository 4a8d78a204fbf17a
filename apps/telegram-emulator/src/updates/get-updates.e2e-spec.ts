import { startEmulator, type RunningEmulator } from '../index';
import { call, rawCall } from '../testing/bot-api-client';

const USER = { id: 2001, first_name: 'Olga' };

describe('getUpdates', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ users: [USER] });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  const say = (text: string) => emu.control.sendMessage({ userId: USER.id, text });

  it('returns pending updates until they are confirmed with offset', async () => {
    const a = say('one');
    const b = say('two');
    const first = await call(emu, 'getUpdates');
    expect(first.map((u: any) => u.update_id)).toEqual([a.updateId, b.updateId]);
    expect(first[0].message).toEqual(
      expect.objectContaining({
        text: 'one',
        from: expect.objectContaining({ id: USER.id, is_bot: false }),
        chat: expect.objectContaining({ id: USER.id, type: 'private' }),
      }),
    );
    // not confirmed yet: the same updates again
    expect((await call(emu, 'getUpdates')).map((u: any) => u.update_id)).toEqual([a.updateId, b.updateId]);
    // offset = first id + 1 confirms the first one only
    expect((await call(emu, 'getUpdates', { offset: a.updateId! + 1 })).map((u: any) => u.update_id)).toEqual([b.updateId]);
    expect((await call(emu, 'getUpdates')).map((u: any) => u.update_id)).toEqual([b.updateId]);
    expect(await call(emu, 'getUpdates', { offset: b.updateId! + 1 })).toEqual([]);
    expect(emu.control.pendingUpdates()).toEqual([]);
  });

  it('bot_command entities are attached to user commands', async () => {
    say('/start promo_42');
    const [update] = await call(emu, 'getUpdates');
    expect(update.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
  });

  it('limit caps the batch; a negative offset keeps only the last updates', async () => {
    for (const t of ['1', '2', '3', '4']) say(t);
    expect((await call(emu, 'getUpdates', { limit: 2 })).map((u: any) => u.message.text)).toEqual(['1', '2']);
    expect((await call(emu, 'getUpdates', { limit: 0 })).length).toBe(1); // clamped to 1..100
    expect((await call(emu, 'getUpdates', { offset: -1 })).map((u: any) => u.message.text)).toEqual(['4']);
    expect((await call(emu, 'getUpdates')).map((u: any) => u.message.text)).toEqual(['4']);
  });

  it('long polling wakes up when an update arrives (well before the timeout)', async () => {
    const started = Date.now();
    const poll = call(emu, 'getUpdates', { timeout: 5 });
    setTimeout(() => say('wake up'), 150);
    const updates = await poll;
    expect(updates.map((u: any) => u.message.text)).toEqual(['wake up']);
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('long polling returns an empty list when the timeout elapses', async () => {
    const started = Date.now();
    expect(await call(emu, 'getUpdates', { timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a second poller terminates the first with 409 Conflict', async () => {
    const first = rawCall(emu, 'getUpdates', { timeout: 5 });
    await new Promise((r) => setTimeout(r, 100));
    const second = rawCall(emu, 'getUpdates', { timeout: 0 });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(409);
    expect(a.body).toEqual({
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    expect(b.body).toEqual({ ok: true, result: [] });
  });

  it('getUpdates is refused with 409 while a webhook is set; deleteWebhook re-enables it', async () => {
    await call(emu, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
    const res = await rawCall(emu, 'getUpdates');
    expect(res.body).toEqual({
      ok: false,
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    const deleted = await rawCall(emu, 'deleteWebhook');
    expect(deleted.body).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    expect((await rawCall(emu, 'getUpdates')).body.ok).toBe(true);
  });

  it('setting a webhook ends a waiting poll with the webhook conflict', async () => {
    const waiting = rawCall(emu, 'getUpdates', { timeout: 5 });
    await new Promise((r) => setTimeout(r, 100));
    await call(emu, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
    expect((await waiting).body.description).toMatch(/^Conflict: can't use getUpdates method while webhook is active/);
    await call(emu, 'deleteWebhook');
  });

  it('allowed_updates is remembered across calls and filters new updates', async () => {
    await call(emu, 'getUpdates', { allowed_updates: ['callback_query'] });
    say('ignored');
    expect(await call(emu, 'getUpdates')).toEqual([]); // still filtered although not passed again
    await call(emu, 'getUpdates', { allowed_updates: [] }); // back to the default set
    say('seen');
    expect((await call(emu, 'getUpdates')).map((u: any) => u.message.text)).toEqual(['seen']);
  });

  it('chat_member updates are opt-in; my_chat_member is sent by default', async () => {
    const other = emu.control.createUser({ first_name: 'Petr' });
    const group = emu.control.createGroup({ title: 'G', creatorId: USER.id, botAdmin: true });
    emu.control.addMember({ chatId: group.id, userId: other.id });
    let types = (await call(emu, 'getUpdates')).map((u: any) => Object.keys(u)[1]);
    expect(types).toContain('my_chat_member');
    expect(types).not.toContain('chat_member');
    await call(emu, 'getUpdates', { offset: -1, allowed_updates: ['message', 'chat_member', 'my_chat_member'] });
    await call(emu, 'getUpdates', { offset: 1e12 });
    emu.control.removeMember({ chatId: group.id, userId: other.id });
    types = (await call(emu, 'getUpdates')).map((u: any) => Object.keys(u)[1]);
    expect(types).toEqual(['chat_member', 'message']);
  });

  it('an abandoned long poll does not lose updates', async () => {
    const controller = new AbortController();
    const abandoned = rawCall(emu, 'getUpdates', { timeout: 5 }, { signal: controller.signal }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await abandoned).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 50));
    say('still here');
    expect((await call(emu, 'getUpdates')).map((u: any) => u.message.text)).toEqual(['still here']);
  });
});
