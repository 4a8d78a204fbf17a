import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../telegram-emulator/src';
import { createBot } from './bot';
import { IdentityApi } from './identity/identity.api';
import { identityLookup } from './identity/identity.gate';
import { NotificationsApi } from './notifications/notifications.api';
import { notificationDelivery } from './notifications/notifications.delivery';
import { NOTICE_RENDERERS } from './notifications/renderers';
import { ApiClient } from './shared/api-client';

const ANNA = { id: 720001, first_name: 'Anna', language_code: 'en', label: 'Anna', started: true };
const BORIS = { id: 720002, first_name: 'Борис', language_code: 'ru', label: 'Boris', started: true };
/** Telegram sends no language_code for him: the deployment's default (English here) for replies and notices alike. */
const CARL = { id: 720003, first_name: 'Carl', label: 'Carl (no language_code)', started: true };
const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };
const LONG = `${'What is the weather like today, and tomorrow, and the day after? '.repeat(62)}`.slice(0, 4000);
const ODD = 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǒ̖̣ 👨‍👩‍👧 \u202etxet\u202c \u200b 🏳️‍🌈 ﷽ <b>&amp;';

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };

/**
 * "The bot answers everything, once": every input a user sends gets exactly one visible reaction (a new message or an
 * edit) and every button press exactly one answer, through the real bot against the Bot API emulator and the API.
 */
describe('bot: every update gets one visible reaction', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let notifications!: NotificationsApi;

  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${system.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.bot(ANNA.id) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-anna'] });
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
      { employeeId: 'e-carl', telegramUserId: CARL.id },
    ]);
    await system.employees('e-seller');
    await admin('/rooms/offices', { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' });
    await admin('/rooms/offices', { officeId: 'spb', name: 'Санкт-Петербург', timeZone: 'Europe/Moscow' });
    const room = await admin('/rooms/offices/spb/rooms', { roomId: 'neva', name: 'Neva', floor: 3, capacity: 8, workingHours: ALL_DAY });
    await fetch(`${system.apiUrl}/rooms/offices/spb/rooms?waitFor=${room.position}`, { headers: system.bot(ANNA.id) });
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, CARL] });
    const http = new ApiClient(system.apiUrl, { credential: system.botToken });
    notifications = new NotificationsApi(http);
    bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: system.apiUrl,
      http,
      lookupActor: identityLookup(new IdentityApi(http)),
      switchesTtlMs: 0,
      defaultLanguage: 'en',
    });
    void bot.launch();
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const v = fn();
      if (v) return v as T;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** What the user saw after event `seq`: new messages and edits in their chat, the answers to their presses (and refused ones). */
  const seen = (chatId: number, seq: number) => {
    const events = emu.control.events(seq).filter((e) => e.chat_id === chatId || e.type === 'callback_answer' || e.type === 'api_error');
    return {
      sent: events.filter((e) => e.type === 'message' && e.direction === 'out').map((e) => e.message as Msg),
      edited: events.filter((e) => e.type === 'message_edited').map((e) => e.message as Msg),
      answers: events.filter((e) => e.type === 'callback_answer') as unknown as { callback_query_id: string; text?: string; show_alert: boolean }[],
      refusedAnswers: events.filter((e) => e.type === 'api_error' && e.method === 'answerCallbackQuery'),
    };
  };
  /** Waits until the input got a reaction, then longer than the send queue's pace of one message a second per chat, to catch a second one. */
  const reactionTo = async (chatId: number, seq: number, callbackQueryId?: string) => {
    await until(() => {
      const s = seen(chatId, seq);
      const visible = s.sent.length + s.edited.length > 0;
      return callbackQueryId ? s.answers.some((a) => a.callback_query_id === callbackQueryId) : visible;
    }, `a reaction after event ${seq}`);
    await sleep(1300);
    const s = seen(chatId, seq);
    return { ...s, answers: s.answers.filter((a) => !callbackQueryId || a.callback_query_id === callbackQueryId) };
  };
  const say = async (userId: number, text: string) => {
    const { seq } = emu.control.sendMessage({ userId, text });
    return reactionTo(userId, seq);
  };
  const press = async (userId: number, messageId: number, data: string) => {
    const { seq, callbackQueryId } = emu.control.pressButton({ userId, messageId, data });
    return reactionTo(userId, seq, callbackQueryId);
  };
  const buttons = (m: Msg) => (m.reply_markup?.inline_keyboard ?? []).flat();
  /** A message carrying buttons with the given callback data, as an older version of the bot (or anything) left it. */
  const oldKeyboard = async (userId: number, data: string[]) =>
    (await bot.telegram.sendMessage(userId, 'an old screen', { reply_markup: { inline_keyboard: [data.map((d) => ({ text: d, callback_data: d }))] } }))
      .message_id;
  const one = (r: Awaited<ReturnType<typeof reactionTo>>) => {
    expect(r.sent.length + r.edited.length).toBe(1);
    return (r.sent[0] ?? r.edited[0]) as Msg;
  };

  describe('an unknown command or free text outside a flow gets a short help with the main menu', () => {
    it.each([
      ['an unknown command', '/foo'],
      ['an unknown command with arguments', '/weather tomorrow please'],
      ['free text', 'what is the weather like today?'],
      ['4,000 characters', LONG],
      ['odd Unicode', ODD],
    ])('%s', async (_, text) => {
      const m = one(await say(ANNA.id, text));
      expect(m.text).toMatch(text.startsWith('/') ? /I do not know the command \/\w+\. Here is what I can do:/ : /I did not understand that/);
      expect(m.text).toContain('/lots');
      expect(m.text).toContain('/rooms');
    });

    it('in the user’s language', async () => {
      const m = one(await say(BORIS.id, 'как погода?'));
      expect(m.text).toContain('Я не понял');
      expect(m.text).toContain('/rooms');
    });
  });

  describe('button presses are answered exactly once', () => {
    it('garbage or an older version’s callback data: "no longer valid" and the current screen again', async () => {
      for (const data of ['zz:old-version', 'a:z', 'r:zz:nothing', '\u{1F600}']) {
        const old = await oldKeyboard(ANNA.id, [data]);
        const r = await press(ANNA.id, old, data);
        expect(r.answers).toHaveLength(1);
        expect(r.refusedAnswers).toHaveLength(0);
        expect(r.answers[0].text).toMatch(/no longer valid/);
        expect(r.edited).toHaveLength(0); // the old message stays as it is
        expect(one(r).text).toContain('/lots'); // the main menu: no flow waits
      }
    });

    it('a rooms error is answered once, with the alert', async () => {
      const old = await oldKeyboard(ANNA.id, ['r:m:no-such-room']);
      const r = await press(ANNA.id, old, 'r:m:no-such-room');
      expect(r.refusedAnswers).toHaveLength(0);
      expect(r.answers).toEqual([expect.objectContaining({ show_alert: true, text: expect.stringMatching(/\S/) })]);
      expect(r.sent.length + r.edited.length).toBe(0); // the alert is the reaction
    });

    it('a stale flow button re-sends the question the flow waits on, with its buttons, and does not wipe the screen', async () => {
      const offices = one(await say(ANNA.id, '/rooms'));
      expect(buttons(offices).length).toBeGreaterThan(1);
      const old = await oldKeyboard(ANNA.id, ['f:999999:x']);
      const r = await press(ANNA.id, old, 'f:999999:x');
      expect(r.answers).toHaveLength(1);
      expect(r.edited).toHaveLength(0);
      const again = one(r);
      expect(again.text).toContain('Choose an office');
      expect(buttons(again).map((b) => b.text)).toEqual(expect.arrayContaining(['Москва', 'Санкт-Петербург']));
      one(await say(ANNA.id, '/cancel'));
    });

    it('a flow button whose flow is over says so and shows the menu', async () => {
      const old = await oldKeyboard(ANNA.id, ['f:1:x']);
      const r = await press(ANNA.id, old, 'f:1:x');
      expect(r.answers).toEqual([expect.objectContaining({ text: expect.stringMatching(/over/) })]);
      expect(r.edited).toHaveLength(0);
      expect(one(r).text).toContain('/lots');
    });
  });

  describe('flows end', () => {
    it('choosing the office by button ends the office question: later free text gets the help, not "I could not find"', async () => {
      const offices = one(await say(ANNA.id, '/rooms'));
      const spb = buttons(offices).find((b) => b.text === 'Санкт-Петербург')!;
      const office = await press(ANNA.id, offices.message_id, spb.callback_data!);
      expect(buttons(one(office)).map((b) => b.text)).toEqual(expect.arrayContaining([expect.stringContaining('Neva')]));
      const m = one(await say(ANNA.id, 'thanks, see you there'));
      expect(m.text).toMatch(/I did not understand that/);
      expect(m.text).not.toContain('A question above');
    });

    it('another command ends the flow in progress', async () => {
      one(await say(ANNA.id, '/rooms'));
      one(await say(ANNA.id, '/mybookings'));
      const m = one(await say(ANNA.id, 'питер'));
      expect(m.text).toMatch(/I did not understand that/);
    });

    it('free text the waiting step cannot use goes on to the help, and the flow keeps waiting', async () => {
      one(await say(ANNA.id, '/rooms'));
      const m = one(await say(ANNA.id, 'thanks, see you there'));
      expect(m.text).toMatch(/I did not understand that/);
      expect(m.text).toContain('A question above still waits for your answer');
      const office = one(await say(ANNA.id, 'питер'));
      expect(office.text).toContain('Санкт-Петербург');
    });
  });

  it('one language per user: without a language_code, replies and notifications both follow the deployment default', async () => {
    const reply = one(await say(CARL.id, 'hello?'));
    expect(reply.text).toMatch(/I did not understand that/);
    // a notice for Carl: he is outbid on a lot
    const post = async (path: string, headers: Record<string, string>, body: Record<string, unknown>) => {
      const res = await fetch(`${system.apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return res.json();
    };
    await post('/auctions', system.as('e-seller'), {
      lotId: 'lamp',
      kind: 'own_lot',
      title: 'Lamp',
      startingPrice: 1000,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await post('/auctions/lamp/bids', system.bot(CARL.id), { amount: 1000 });
    await post('/auctions/lamp/bids', system.bot(ANNA.id), { amount: 2000 });
    const delivery = notificationDelivery({
      api: notifications,
      telegram: bot.telegram,
      renderers: NOTICE_RENDERERS,
      intervalMs: 50,
      defaultLanguage: 'en',
    }).start();
    try {
      const notice = await until(
        () => (emu.control.messages(CARL.id, { direction: 'out' }) as Msg[]).find((m) => /«Lamp»/.test(m.text ?? '')),
        'the outbid notice',
      );
      expect(notice.text).toBe('You have been outbid on «Lamp».');
    } finally {
      await delivery.stop();
    }
  });
});
