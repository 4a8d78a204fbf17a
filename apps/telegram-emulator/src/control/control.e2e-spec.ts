import { createHmac, createPublicKey, verify } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../index';
import { call, controlCall } from '../testing/bot-api-client';

const ANNA = { id: 6001, first_name: 'Anna', last_name: 'Ivanova', username: 'anna_ivanova', language_code: 'ru', label: 'Anna Ivanova — seeded employee' };
const PETR = { id: 6002, first_name: 'Petr', language_code: 'en' };

/** Reads server-sent events from the stream until `done(events)` holds. */
async function readSse(url: string, done: (events: any[]) => boolean, during: () => Promise<void>): Promise<any[]> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const events: any[] = [];
  let buffer = '';
  const reading = (async () => {
    while (!done(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString('utf8');
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  await during();
  await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error('SSE timeout')), 3000))]);
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return events;
}

describe('control API', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ users: [ANNA, PETR] });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  it('lists seeded users with labels; creates users and strangers; bulk registration', async () => {
    const users = await controlCall(emu, 'GET', '/users');
    expect(users.result).toEqual(expect.arrayContaining([expect.objectContaining({ ...ANNA, is_bot: false, seeded: true })]));
    const created = await controlCall(emu, 'POST', '/users', { first_name: 'Vera', username: 'vera_k', language_code: 'ru' });
    expect(created.result).toEqual(expect.objectContaining({ id: expect.any(Number), first_name: 'Vera', username: 'vera_k' }));
    const stranger = await controlCall(emu, 'POST', '/users', {});
    expect(stranger.result.first_name).toEqual(expect.any(String));
    const bulk = await controlCall(emu, 'POST', '/users/bulk', {
      users: [
        { id: 7001, first_name: 'A' },
        { id: 7002, first_name: 'B', label: 'B — seeded' },
      ],
    });
    expect(bulk.result.map((u: any) => u.id)).toEqual([7001, 7002]);
    const bad = await controlCall(emu, 'POST', '/users', { username: 'x y' });
    expect(bad.status).toBe(400);
    expect(bad.ok).toBe(false);
  });

  it('a user message and a button press over HTTP become updates', async () => {
    const sent = await controlCall(emu, 'POST', '/messages', { user_id: ANNA.id, text: '/start' });
    expect(sent.result.message).toEqual(
      expect.objectContaining({ text: '/start', chat: expect.objectContaining({ id: ANNA.id, type: 'private', username: 'anna_ivanova' }) }),
    );
    const msg = await call(emu, 'sendMessage', {
      chat_id: ANNA.id,
      text: 'Choose',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'pick:a' }]] },
    });
    const pressed = await controlCall(emu, 'POST', '/callback', { user_id: ANNA.id, message_id: msg.message_id, data: 'pick:a' });
    const updates = await call(emu, 'getUpdates');
    expect(updates.map((u: any) => Object.keys(u)[1])).toEqual(['message', 'callback_query']);
    const query = updates[1].callback_query;
    expect(query).toEqual(
      expect.objectContaining({
        id: pressed.result.callbackQueryId,
        data: 'pick:a',
        chat_instance: expect.stringMatching(/^-?\d+$/),
        from: expect.objectContaining({ id: ANNA.id }),
        message: expect.objectContaining({ message_id: msg.message_id, text: 'Choose' }),
      }),
    );
    const missing = await controlCall(emu, 'POST', '/callback', { user_id: ANNA.id, message_id: msg.message_id, data: 'nope' });
    expect(missing.status).toBe(404);
  });

  it('bot added to / promoted in / removed from a group produces my_chat_member updates and service messages', async () => {
    const created = await controlCall(emu, 'POST', '/chats', { title: 'Sales', type: 'supergroup', creator_id: ANNA.id, member_ids: [PETR.id] });
    const chatId = created.result.id;
    expect(chatId).toBeLessThan(-1_000_000_000_000);
    await controlCall(emu, 'POST', `/chats/${chatId}/bot`, { action: 'add', by_user_id: ANNA.id });
    await controlCall(emu, 'POST', `/chats/${chatId}/bot`, { action: 'promote', by_user_id: ANNA.id });
    const details = await controlCall(emu, 'POST', `/chats/${chatId}/bot`, { action: 'remove', by_user_id: ANNA.id });
    expect(details.result.bot_status).toBe('kicked');
    const updates = await call(emu, 'getUpdates');
    const statuses = updates
      .filter((u: any) => u.my_chat_member)
      .map((u: any) => [u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status]);
    expect(statuses).toEqual([
      ['left', 'member'],
      ['member', 'administrator'],
      ['administrator', 'kicked'],
    ]);
    const first = updates.find((u: any) => u.my_chat_member).my_chat_member;
    expect(first.from.id).toBe(ANNA.id);
    expect(first.chat).toEqual({ id: chatId, type: 'supergroup', title: 'Sales' });
    const promoted = updates.filter((u: any) => u.my_chat_member)[1].my_chat_member.new_chat_member;
    expect(promoted).toEqual(expect.objectContaining({ can_restrict_members: true, can_invite_users: true, can_be_edited: false }));
    const joined = updates.find((u: any) => u.message?.new_chat_members);
    expect(joined.message.new_chat_members.map((u: any) => u.id)).toEqual([Number(emu.token.split(':')[0])]);
  });

  it('privacy mode: a non-admin bot sees only commands and replies in groups; an admin sees everything', async () => {
    const group = emu.control.createGroup({ title: 'Chatty', creatorId: ANNA.id, memberIds: [PETR.id], addBot: true });
    await call(emu, 'getUpdates', { offset: -1 });
    await call(emu, 'getUpdates', { offset: 1e12 });
    expect(emu.control.sendMessage({ userId: PETR.id, chatId: group.id, text: 'just chatting' }).updateId).toBeNull();
    expect(emu.control.sendMessage({ userId: PETR.id, chatId: group.id, text: `/report@${emu.bot.username}` }).updateId).not.toBeNull();
    expect(emu.control.sendMessage({ userId: PETR.id, chatId: group.id, text: '/report@other_bot' }).updateId).toBeNull();
    const botMsg = await call(emu, 'sendMessage', { chat_id: group.id, text: 'Hi all' });
    expect(emu.control.sendMessage({ userId: PETR.id, chatId: group.id, text: 'reply to bot', replyToMessageId: botMsg.message_id }).updateId).not.toBeNull();
    emu.control.promoteBot({ chatId: group.id, byUserId: ANNA.id });
    expect(emu.control.sendMessage({ userId: PETR.id, chatId: group.id, text: 'now visible' }).updateId).not.toBeNull();
    expect(
      emu.control
        .messages(group.id)
        .filter((m) => m.text)
        .map((m) => m.text),
    ).toContain('just chatting');
  });

  it('members joining and leaving are visible in history and to an admin bot', async () => {
    const group = emu.control.createGroup({ title: 'HR', creatorId: ANNA.id, botAdmin: true });
    await call(emu, 'getUpdates', { allowed_updates: ['message', 'my_chat_member', 'chat_member'], offset: 1e12 });
    await controlCall(emu, 'POST', `/chats/${group.id}/members`, { user_id: PETR.id });
    await controlCall(emu, 'DELETE', `/chats/${group.id}/members/${PETR.id}?by_user_id=${ANNA.id}`);
    const updates = await call(emu, 'getUpdates');
    expect(updates.map((u: any) => Object.keys(u)[1])).toEqual(['chat_member', 'message', 'chat_member', 'message']);
    expect(updates[2].chat_member.new_chat_member.status).toBe('kicked'); // removal from a supergroup is a ban
    const history = await controlCall(emu, 'GET', `/chats/${group.id}/history`);
    const actions = history.result.events.filter((e: any) => e.type === 'member_changed').map((e: any) => `${e.user.first_name}:${e.action}`);
    expect(actions).toEqual(['Emulator Bot:added', 'Petr:joined', 'Petr:removed']);
  });

  it('streams events over SSE', async () => {
    const events = await readSse(
      `${emu.url}/_emulator/events/stream?chat_id=${ANNA.id}`,
      (list) => list.some((e) => e.type === 'message_edited'),
      async () => {
        emu.control.sendMessage({ userId: ANNA.id, text: 'hello' });
        const m = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'hi' });
        await call(emu, 'editMessageText', { chat_id: ANNA.id, message_id: m.message_id, text: 'hi!' });
      },
    );
    const relevant = events.filter((e) => ['message', 'message_edited'].includes(e.type));
    expect(relevant.map((e) => [e.type, e.message.text])).toEqual([
      ['message', 'hello'],
      ['message', 'hi'],
      ['message_edited', 'hi!'],
    ]);
    expect(relevant.map((e) => e.seq)).toEqual([...relevant.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('opens a web app with signed initData (checked independently) and the exposed public key', async () => {
    const msg = await (async () => {
      emu.control.sendMessage({ userId: ANNA.id, text: '/start' });
      return call(emu, 'sendMessage', {
        chat_id: ANNA.id,
        text: 'Open',
        reply_markup: { inline_keyboard: [[{ text: 'App', web_app: { url: 'http://127.0.0.1:9/app' } }]] },
      });
    })();
    const opened = await controlCall(emu, 'POST', '/web-app/open', { user_id: ANNA.id, message_id: msg.message_id });
    expect(opened.result.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/app#tgWebAppData=/);
    const initData = decodeURIComponent(new URL(opened.result.url).hash.slice(1).split('&')[0].slice('tgWebAppData='.length));
    expect(initData).toBe(opened.result.initData);
    const params = new URLSearchParams(initData);
    expect(params.get('query_id')).toBe(opened.result.queryId);
    expect(params.get('chat_type')).toBe('private');
    expect(JSON.parse(params.get('user')!)).toEqual(expect.objectContaining({ id: ANNA.id, username: 'anna_ivanova' }));
    // HMAC per Telegram's docs, computed here
    const check = [...params.entries()]
      .filter(([k]) => k !== 'hash')
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData').update(emu.token).digest();
    expect(createHmac('sha256', secret).update(check).digest('hex')).toBe(params.get('hash'));
    // Ed25519 with the key the emulator publishes
    const key = await controlCall(emu, 'GET', '/web-app/public-key');
    expect(key.result.emulator_public_key_hex).toBe(emu.webAppPublicKeyHex);
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.result.emulator_public_key_hex, 'hex').toString('base64url') },
      format: 'jwk',
    });
    const signed = [...params.entries()]
      .filter(([k]) => k !== 'hash' && k !== 'signature')
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    expect(verify(null, Buffer.from(`${emu.bot.id}:WebAppData\n${signed}`), publicKey, Buffer.from(params.get('signature')!, 'base64url'))).toBe(true);
    // answerWebAppQuery posts a message on behalf of the user, via the bot
    const answered = await call(emu, 'answerWebAppQuery', {
      web_app_query_id: opened.result.queryId,
      result: { type: 'article', id: '1', title: 'Done', input_message_content: { message_text: 'Order #5 placed' } },
    });
    expect(answered).toEqual({ inline_message_id: expect.any(String) });
    expect(emu.control.messages(ANNA.id).at(-1)).toEqual(
      expect.objectContaining({ text: 'Order #5 placed', via_bot: expect.objectContaining({ id: emu.bot.id }) }),
    );
  });

  it('sendData from a keyboard web app arrives as a web_app_data message', async () => {
    emu.control.sendMessage({ userId: ANNA.id, text: '/start' });
    await call(emu, 'getUpdates', { offset: 1e12 });
    await controlCall(emu, 'POST', '/web-app/data', { user_id: ANNA.id, data: '{"qty":2}', button_text: 'Order' });
    const [update] = await call(emu, 'getUpdates');
    expect(update.message.web_app_data).toEqual({ data: '{"qty":2}', button_text: 'Order' });
  });

  it('reset forgets chats and updates but keeps users', async () => {
    emu.control.sendMessage({ userId: ANNA.id, text: 'x' });
    expect(emu.control.pendingUpdates()).toHaveLength(1);
    await controlCall(emu, 'POST', '/reset', {});
    expect(emu.control.pendingUpdates()).toHaveLength(0);
    expect(emu.control.listChats()).toEqual([]);
    expect(emu.control.listUsers().map((u) => u.id)).toEqual(expect.arrayContaining([ANNA.id, PETR.id]));
  });

  it('serves the dev chat, its favicon, and 404s for unknown control routes', async () => {
    const page = await fetch(emu.devChatUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const icon = await fetch(`${emu.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect((await controlCall(emu, 'GET', '/nope')).status).toBe(404);
  });
});
