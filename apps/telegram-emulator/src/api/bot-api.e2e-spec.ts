import { startEmulator, type RunningEmulator } from '../index';
import { call, controlCall, rawCall } from '../testing/bot-api-client';

const ANNA = { id: 1001, first_name: 'Anna', last_name: 'Ivanova', username: 'anna_iv', language_code: 'ru', label: 'Anna Ivanova — seeded employee' };
const BORIS = { id: 1002, first_name: 'Boris', language_code: 'en' };

describe('Bot API contract', () => {
  let emu: RunningEmulator;
  let now: number;

  beforeAll(async () => {
    now = Date.now();
    emu = await startEmulator({ users: [ANNA, BORIS], botUsername: 'megabot_test_bot', clock: { now: () => now } });
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.control.reset();
    now = Date.now();
  });

  const annaStarts = () => emu.control.sendMessage({ userId: ANNA.id, text: '/start' });

  describe('envelope and errors', () => {
    it('getMe returns the bot in the ok envelope', async () => {
      const res = await rawCall(emu, 'getMe');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        result: expect.objectContaining({ id: Number(emu.token.split(':')[0]), is_bot: true, username: 'megabot_test_bot', can_join_groups: true }),
      });
    });

    it('a wrong token is 401 Unauthorized with the exact error shape', async () => {
      const res = await rawCall(emu, 'getMe', {}, { token: '123456:AAwrongwrongwrongwrongwrongwrongwrong' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    });

    it('an unknown method is 404 Not Found; method names are case-insensitive', async () => {
      const res = await rawCall(emu, 'sendTelepathy');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
      expect((await rawCall(emu, 'getme')).body.ok).toBe(true);
    });

    it('accepts query string, urlencoded and multipart parameters', async () => {
      annaStarts();
      const viaQuery = await fetch(`${emu.botApiUrl}/sendMessage?chat_id=${ANNA.id}&text=${encodeURIComponent('from query')}`);
      expect(((await viaQuery.json()) as any).result.text).toBe('from query');

      const viaForm = await fetch(`${emu.botApiUrl}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          chat_id: String(ANNA.id),
          text: 'from form',
          reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }),
        }).toString(),
      });
      const formResult = ((await viaForm.json()) as any).result;
      expect(formResult.text).toBe('from form');
      expect(formResult.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] });

      const form = new FormData();
      form.set('chat_id', String(ANNA.id));
      form.set('text', 'from multipart');
      const viaMultipart = await fetch(`${emu.botApiUrl}/sendMessage`, { method: 'POST', body: form });
      expect(((await viaMultipart.json()) as any).result.text).toBe('from multipart');
    });

    it('chat not found, bot cannot initiate, empty and too long texts', async () => {
      expect((await rawCall(emu, 'sendMessage', { chat_id: 999_999, text: 'x' })).body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
      expect((await rawCall(emu, 'sendMessage', { chat_id: BORIS.id, text: 'x' })).body).toEqual({
        ok: false,
        error_code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      });
      expect((await rawCall(emu, 'sendMessage', { text: 'x' })).body.description).toBe('Bad Request: chat_id is empty');
      annaStarts();
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: '' })).body.description).toBe('Bad Request: message text is empty');
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'a'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'a'.repeat(4096) })).body.ok).toBe(true);
    });
  });

  describe('formatting', () => {
    beforeEach(() => annaStarts());

    it('HTML: entities are parsed; unbalanced tags are rejected with Telegram wording', async () => {
      const msg = await call(emu, 'sendMessage', {
        chat_id: ANNA.id,
        text: '<b>Hi</b> <i>there</i> &amp; <a href="https://x.org">link</a>',
        parse_mode: 'HTML',
      });
      expect(msg.text).toBe('Hi there & link');
      expect(msg.entities).toEqual([
        { type: 'bold', offset: 0, length: 2 },
        { type: 'italic', offset: 3, length: 5 },
        { type: 'text_link', offset: 11, length: 4, url: 'https://x.org' },
      ]);
      const unclosed = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: '<b>bold', parse_mode: 'HTML' });
      expect(unclosed.body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
      });
      const crossed = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: '<b><i>x</b></i>', parse_mode: 'HTML' });
      expect(crossed.body.description).toBe('Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
      const unsupported = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'a <div>b</div>', parse_mode: 'HTML' });
      expect(unsupported.body.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 2');
    });

    it('MarkdownV2: reserved characters must be escaped', async () => {
      const bad = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'Hello. World', parse_mode: 'MarkdownV2' });
      expect(bad.body).toEqual({
        ok: false,
        error_code: 400,
        description: "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      });
      for (const ch of ['-', '!', '(']) {
        const res = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: `a ${ch} b`, parse_mode: 'MarkdownV2' });
        expect(res.body.description).toBe(`Bad Request: can't parse entities: Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
      }
      const unclosed = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x *bold', parse_mode: 'MarkdownV2' });
      expect(unclosed.body.description).toBe("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 2");
      const ok = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: '*Итого:* 5\\.0 \\- _готово_\\!', parse_mode: 'MarkdownV2' });
      expect(ok.text).toBe('Итого: 5.0 - готово!');
      expect(ok.entities).toEqual([
        { type: 'bold', offset: 0, length: 6 },
        { type: 'italic', offset: 13, length: 6 },
      ]);
    });
  });

  describe('keyboards, edits and deletions', () => {
    beforeEach(() => annaStarts());

    it('callback_data must be 1-64 bytes (BUTTON_DATA_INVALID)', async () => {
      const kb = (data: string) => ({ inline_keyboard: [[{ text: 'b', callback_data: data }]] });
      const tooLong = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_markup: kb('a'.repeat(65)) });
      expect(tooLong.body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
      // 33 Cyrillic letters are 66 bytes although only 33 characters
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_markup: kb('я'.repeat(33)) })).body.description).toBe(
        'Bad Request: BUTTON_DATA_INVALID',
      );
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_markup: kb('') })).body.description).toBe(
        'Bad Request: BUTTON_DATA_INVALID',
      );
      expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_markup: kb('я'.repeat(32)) })).body.ok).toBe(true);
      const textOnly = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'plain' }]] } });
      expect(textOnly.body.description).toBe("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    });

    it('editMessageText: edits, "message is not modified", "message to edit not found"', async () => {
      const markup = { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] };
      const sent = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'Draft', reply_markup: markup });
      const same = await rawCall(emu, 'editMessageText', { chat_id: ANNA.id, message_id: sent.message_id, text: 'Draft', reply_markup: markup });
      expect(same.body).toEqual({
        ok: false,
        error_code: 400,
        description:
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      });
      const edited = await call(emu, 'editMessageText', { chat_id: ANNA.id, message_id: sent.message_id, text: 'Final' });
      expect(edited).toEqual(expect.objectContaining({ text: 'Final', edit_date: expect.any(Number) }));
      expect(edited.reply_markup).toBeUndefined(); // omitted reply_markup removes the inline keyboard
      const missing = await rawCall(emu, 'editMessageText', { chat_id: ANNA.id, message_id: 9999, text: 'x' });
      expect(missing.body.description).toBe('Bad Request: message to edit not found');
      const userMsg = emu.control.sendMessage({ userId: ANNA.id, text: 'mine' }).message;
      expect((await rawCall(emu, 'editMessageText', { chat_id: ANNA.id, message_id: userMsg.message_id, text: 'x' })).body.description).toBe(
        "Bad Request: message can't be edited",
      );
      const history = emu.control.history(ANNA.id).messages.find((m) => m.message.message_id === sent.message_id)!;
      expect(history.edits.map((e) => e.text)).toEqual(['Draft']);
      expect(history.message.text).toBe('Final');
    });

    it('editMessageReplyMarkup replaces the keyboard and detects no-op edits', async () => {
      const sent = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'Pick', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
      const next = { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] };
      const edited = await call(emu, 'editMessageReplyMarkup', { chat_id: ANNA.id, message_id: sent.message_id, reply_markup: next });
      expect(edited.reply_markup).toEqual(next);
      const again = await rawCall(emu, 'editMessageReplyMarkup', { chat_id: ANNA.id, message_id: sent.message_id, reply_markup: next });
      expect(again.body.description).toMatch(/^Bad Request: message is not modified/);
    });

    it('deleteMessage marks the message deleted in history; a second delete fails', async () => {
      const sent = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'bye' });
      expect(await call(emu, 'deleteMessage', { chat_id: ANNA.id, message_id: sent.message_id })).toBe(true);
      const again = await rawCall(emu, 'deleteMessage', { chat_id: ANNA.id, message_id: sent.message_id });
      expect(again.body.description).toBe('Bad Request: message to delete not found');
      expect(emu.control.history(ANNA.id).messages.find((m) => m.message.message_id === sent.message_id)?.deleted?.by).toBe('bot');
      expect(emu.control.messages(ANNA.id).map((m) => m.text)).toEqual(['/start']);
    });

    it('reply_to_message_id must exist unless allow_sending_without_reply', async () => {
      const res = await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_to_message_id: 777 });
      expect(res.body.description).toBe('Bad Request: message to be replied not found');
      const ok = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x', reply_to_message_id: 777, allow_sending_without_reply: true });
      expect(ok.reply_to_message).toBeUndefined();
      const reply = await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'answer', reply_parameters: { message_id: 1 } });
      expect(reply.reply_to_message).toEqual(expect.objectContaining({ message_id: 1, text: '/start' }));
    });

    it('reply keyboards, remove_keyboard and force_reply are tracked per chat', async () => {
      await call(emu, 'sendMessage', {
        chat_id: ANNA.id,
        text: 'menu',
        reply_markup: { keyboard: [['One', { text: 'Phone', request_contact: true }]], resize_keyboard: true, one_time_keyboard: true },
      });
      expect(emu.control.getChat(ANNA.id).reply_keyboard?.keyboard).toEqual([[{ text: 'One' }, { text: 'Phone', request_contact: true }]]);
      emu.control.sendContact({ userId: ANNA.id });
      expect(emu.control.getChat(ANNA.id).reply_keyboard).toBeNull(); // one-time keyboard hides after use
      await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'menu', reply_markup: { keyboard: [['Two']] } });
      await call(emu, 'sendMessage', { chat_id: ANNA.id, text: 'gone', reply_markup: { remove_keyboard: true } });
      expect(emu.control.getChat(ANNA.id).reply_keyboard).toBeNull();
      const ask = await call(emu, 'sendMessage', {
        chat_id: ANNA.id,
        text: 'Your name?',
        reply_markup: { force_reply: true, input_field_placeholder: 'Name' },
      });
      expect(emu.control.getChat(ANNA.id).force_reply).toEqual(expect.objectContaining({ message_id: ask.message_id, input_field_placeholder: 'Name' }));
      const contact = emu.control.history(ANNA.id).messages.find((m) => m.message.contact)!.message.contact!;
      expect(contact).toEqual(expect.objectContaining({ user_id: ANNA.id, first_name: 'Anna' }));
    });
  });

  describe('callback queries', () => {
    it('answerCallbackQuery is recorded; answering twice or too late fails', async () => {
      annaStarts();
      const sent = await call(emu, 'sendMessage', {
        chat_id: ANNA.id,
        text: 'Pick',
        reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
      });
      const press = emu.control.pressButton({ userId: ANNA.id, messageId: sent.message_id, data: 'yes' });
      expect(await call(emu, 'answerCallbackQuery', { callback_query_id: press.callbackQueryId, text: 'Saved', show_alert: true })).toBe(true);
      expect(emu.control.callbackAnswer(press.callbackQueryId)).toEqual({ text: 'Saved', show_alert: true, url: undefined });
      const twice = await rawCall(emu, 'answerCallbackQuery', { callback_query_id: press.callbackQueryId });
      expect(twice.body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
      });
      const late = emu.control.pressButton({ userId: ANNA.id, messageId: sent.message_id, data: 'yes' });
      now += 16_000; // default TTL is 15 s
      expect((await rawCall(emu, 'answerCallbackQuery', { callback_query_id: late.callbackQueryId })).body.description).toBe(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
      const events = emu.control.history(ANNA.id).events.filter((e) => e.type === 'callback_answer');
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual(expect.objectContaining({ text: 'Saved', show_alert: true, message_id: sent.message_id }));
    });
  });

  describe('files', () => {
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAFElEQVR4nGP8z8DAwMDAxMDAwAAADxsBBdSZNJwAAAAASUVORK5CYII=', 'base64');

    it('sendPhoto by upload: stored, downloadable via getFile and served to the dev chat; non-images are rejected', async () => {
      annaStarts();
      const form = new FormData();
      form.set('chat_id', String(ANNA.id));
      form.set('caption', '<b>Chart</b>');
      form.set('parse_mode', 'HTML');
      form.set('photo', new Blob([PNG], { type: 'image/png' }), 'chart.png');
      const res = (await (await fetch(`${emu.botApiUrl}/sendPhoto`, { method: 'POST', body: form })).json()) as any;
      expect(res.ok).toBe(true);
      expect(res.result.caption).toBe('Chart');
      expect(res.result.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 5 }]);
      const [photo] = res.result.photo;
      expect(photo).toEqual(expect.objectContaining({ width: 2, height: 3, file_size: PNG.length }));
      const file = await call(emu, 'getFile', { file_id: photo.file_id });
      const download = await fetch(`${emu.apiRoot}/file/bot${emu.token}/${file.file_path}`);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
      const viewer = await fetch(`${emu.url}/_emulator/files/${encodeURIComponent(photo.file_id)}`);
      expect(viewer.headers.get('content-type')).toBe('image/png');
      // resend by file_id
      const again = await call(emu, 'sendPhoto', { chat_id: ANNA.id, photo: photo.file_id });
      expect(again.photo[0].file_id).toBe(photo.file_id);

      const bad = new FormData();
      bad.set('chat_id', String(ANNA.id));
      bad.set('photo', new Blob([Buffer.from('not an image')]), 'x.png');
      const badRes = (await (await fetch(`${emu.botApiUrl}/sendPhoto`, { method: 'POST', body: bad })).json()) as any;
      expect(badRes).toEqual({ ok: false, error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
      expect((await rawCall(emu, 'sendPhoto', { chat_id: ANNA.id })).body.description).toBe('Bad Request: there is no photo in the request');
      expect((await rawCall(emu, 'sendPhoto', { chat_id: ANNA.id, photo: 'nonsense' })).body.description).toBe(
        'Bad Request: wrong file identifier/HTTP URL specified',
      );
    });

    it('sendDocument by upload and by URL', async () => {
      annaStarts();
      const form = new FormData();
      form.set('chat_id', String(ANNA.id));
      form.set('document', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'report.csv');
      const res = (await (await fetch(`${emu.botApiUrl}/sendDocument`, { method: 'POST', body: form })).json()) as any;
      expect(res.result.document).toEqual(expect.objectContaining({ file_name: 'report.csv', mime_type: 'text/csv', file_size: 8 }));
      const byUrl = await call(emu, 'sendDocument', { chat_id: ANNA.id, document: 'https://example.org/files/plan.pdf' });
      expect(byUrl.document.file_name).toBe('plan.pdf');
    });
  });

  describe('bot settings', () => {
    it('setMyCommands/getMyCommands per scope and language; invalid commands are rejected', async () => {
      await call(emu, 'setMyCommands', {
        commands: [
          { command: 'start', description: 'Start' },
          { command: 'help', description: 'Help' },
        ],
      });
      await call(emu, 'setMyCommands', { commands: [{ command: 'start', description: 'Начать' }], language_code: 'ru' });
      expect(await call(emu, 'getMyCommands')).toEqual([
        { command: 'start', description: 'Start' },
        { command: 'help', description: 'Help' },
      ]);
      expect(await call(emu, 'getMyCommands', { language_code: 'ru' })).toEqual([{ command: 'start', description: 'Начать' }]);
      expect(await call(emu, 'getMyCommands', { scope: { type: 'all_group_chats' } })).toEqual([]);
      expect(emu.control.commandsFor(ANNA.id, ANNA.id)).toEqual([{ command: 'start', description: 'Начать' }]);
      expect(emu.control.commandsFor(BORIS.id, BORIS.id)).toHaveLength(2);
      const bad = await rawCall(emu, 'setMyCommands', { commands: [{ command: 'Bad Command', description: 'x' }] });
      expect(bad.body.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    });

    it('setChatMenuButton sets the default or a chat web app button', async () => {
      annaStarts();
      await call(emu, 'setChatMenuButton', { chat_id: ANNA.id, menu_button: { type: 'web_app', text: 'Open', web_app: { url: 'https://app.example/' } } });
      expect(await call(emu, 'getChatMenuButton', { chat_id: ANNA.id })).toEqual({ type: 'web_app', text: 'Open', web_app: { url: 'https://app.example/' } });
      expect(emu.control.menuButtonFor(ANNA.id).type).toBe('web_app');
      expect(emu.control.menuButtonFor(BORIS.id)).toEqual({ type: 'commands' });
    });
  });

  describe('groups', () => {
    it('ban/unban/getChatMember need admin rights and follow Telegram semantics', async () => {
      const group = emu.control.createGroup({ title: 'Team', creatorId: ANNA.id, memberIds: [BORIS.id], addBot: true });
      const notAdmin = await rawCall(emu, 'banChatMember', { chat_id: group.id, user_id: BORIS.id });
      expect(notAdmin.body.description).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
      emu.control.promoteBot({ chatId: group.id, byUserId: ANNA.id });
      expect((await rawCall(emu, 'banChatMember', { chat_id: group.id, user_id: ANNA.id })).body.description).toBe("Bad Request: can't remove chat owner");
      expect(await call(emu, 'banChatMember', { chat_id: group.id, user_id: BORIS.id })).toBe(true);
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('kicked');
      expect(await call(emu, 'unbanChatMember', { chat_id: group.id, user_id: BORIS.id, only_if_banned: true })).toBe(true);
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('left');
      // without only_if_banned a current member is removed
      emu.control.addMember({ chatId: group.id, userId: BORIS.id });
      await call(emu, 'unbanChatMember', { chat_id: group.id, user_id: BORIS.id, only_if_banned: true });
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('member');
      await call(emu, 'unbanChatMember', { chat_id: group.id, user_id: BORIS.id });
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('left');
      const actions = emu.control
        .history(group.id)
        .events.filter((e) => e.type === 'member_changed')
        .map((e) => `${(e.user as any).id}:${e.action}`);
      expect(actions).toEqual(expect.arrayContaining([`${BORIS.id}:banned`, `${BORIS.id}:unbanned`, `${BORIS.id}:removed`]));
      expect((await call(emu, 'getChat', { chat_id: group.id })).title).toBe('Team');
      expect(await call(emu, 'getChatMemberCount', { chat_id: group.id })).toBe(2);
    });

    it('createChatInviteLink and joining through it', async () => {
      const group = emu.control.createGroup({ title: 'Join me', creatorId: ANNA.id, botAdmin: true });
      const link = await call(emu, 'createChatInviteLink', { chat_id: group.id, name: 'onboarding' });
      expect(link).toEqual(
        expect.objectContaining({ invite_link: expect.stringMatching(/^https:\/\/t\.me\/\+/), name: 'onboarding', creates_join_request: false }),
      );
      expect(emu.control.joinByInviteLink({ userId: BORIS.id, inviteLink: link.invite_link }).joined).toBe(true);
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('member');
    });

    it('join requests through a link are approved or declined by the bot', async () => {
      const group = emu.control.createGroup({ title: 'Private club', creatorId: ANNA.id, botAdmin: true });
      const link = await call(emu, 'createChatInviteLink', { chat_id: group.id, creates_join_request: true });
      await call(emu, 'getUpdates', { offset: 1e12 });
      expect(emu.control.joinByInviteLink({ userId: BORIS.id, inviteLink: link.invite_link }).joined).toBe(false);
      const [request] = await call(emu, 'getUpdates');
      expect(request.chat_join_request).toEqual(expect.objectContaining({ from: expect.objectContaining({ id: BORIS.id }), user_chat_id: BORIS.id }));
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('left');
      expect(await call(emu, 'approveChatJoinRequest', { chat_id: group.id, user_id: BORIS.id })).toBe(true);
      expect((await call(emu, 'getChatMember', { chat_id: group.id, user_id: BORIS.id })).status).toBe('member');
      expect((await rawCall(emu, 'declineChatJoinRequest', { chat_id: group.id, user_id: BORIS.id })).body.description).toBe(
        'Bad Request: HIDE_REQUESTER_MISSING',
      );
    });

    it('basic groups refuse unbanChatMember; the bot outside a group gets 403', async () => {
      const basic = emu.control.createGroup({ title: 'Basic', type: 'group', creatorId: ANNA.id, botAdmin: true });
      expect((await rawCall(emu, 'unbanChatMember', { chat_id: basic.id, user_id: BORIS.id })).body.description).toBe(
        'Bad Request: method is available for supergroup and channel chats only',
      );
      const without = emu.control.createGroup({ title: 'No bot', creatorId: ANNA.id });
      expect((await rawCall(emu, 'sendMessage', { chat_id: without.id, text: 'hi' })).body).toEqual({
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot is not a member of the supergroup chat',
      });
    });

    it('sendChatAction is recorded; unknown actions are rejected', async () => {
      annaStarts();
      expect(await call(emu, 'sendChatAction', { chat_id: ANNA.id, action: 'typing' })).toBe(true);
      expect((await rawCall(emu, 'sendChatAction', { chat_id: ANNA.id, action: 'dancing' })).body.description).toBe(
        'Bad Request: wrong parameter action in request',
      );
      expect(
        emu.control
          .history(ANNA.id)
          .events.filter((e) => e.type === 'chat_action')
          .map((e) => e.action),
      ).toEqual(['typing']);
    });
  });

  it('a blocked user gives 403 and a my_chat_member update', async () => {
    annaStarts();
    emu.control.blockBot(ANNA.id);
    expect((await rawCall(emu, 'sendMessage', { chat_id: ANNA.id, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const updates = await call(emu, 'getUpdates');
    const status = updates.find((u: any) => u.my_chat_member)?.my_chat_member;
    expect(status.old_chat_member.status).toBe('member');
    expect(status.new_chat_member.status).toBe('kicked');
    const info = await controlCall(emu, 'GET', '/info');
    expect(info.result.bot.username).toBe('megabot_test_bot');
  });
});
