import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../telegram-emulator/src';
import { createBot, flowsOf } from './bot';
import { NotificationsApi } from './notifications/notifications.api';
import { notificationDelivery } from './notifications/notifications.delivery';
import { NOTICE_RENDERERS } from './notifications/renderers';
import { ApiClient } from './shared/api-client';
import { BotStateApi } from './shared/bot-state.api';

const ANNA = { id: 720001, first_name: 'Anna', language_code: 'en', label: 'Anna', started: true };
const BORIS = { id: 720002, first_name: 'Борис', language_code: 'ru', label: 'Boris', started: true };
/** Telegram sends no language_code for him: the deployment's default (English here) for replies and notices alike. */
const CARL = { id: 720003, first_name: 'Carl', label: 'Carl (no language_code)', started: true };
/** One user per conversation state of the enumerated test (states run side by side: replies are paced per chat). */
const STATE_USERS = Array.from({ length: 12 }, (_, i) => ({ id: 720100 + i, first_name: `Tester ${i}`, language_code: 'en', started: true }));
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
  let botState!: BotStateApi;

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
      ...STATE_USERS.map((u) => ({ employeeId: `e-tester-${u.id}`, telegramUserId: u.id })),
    ]);
    await system.employees('e-seller');
    await admin('/rooms/offices', { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' });
    await admin('/rooms/offices', { officeId: 'spb', name: 'Санкт-Петербург', timeZone: 'Europe/Moscow' });
    const room = await admin('/rooms/offices/spb/rooms', { roomId: 'neva', name: 'Neva', floor: 3, capacity: 8, workingHours: ALL_DAY });
    await fetch(`${system.apiUrl}/rooms/offices/spb/rooms?waitFor=${room.position}`, { headers: system.bot(ANNA.id) });
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, CARL, ...STATE_USERS] });
    const http = new ApiClient(system.apiUrl, { credential: system.botToken });
    notifications = new NotificationsApi(http);
    botState = new BotStateApi(http);
    bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: system.apiUrl,
      http, // who each user is comes with the update's claim, as in production
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
    // answers carry the chat of their press; a refused answer (Telegram's 400) names none: it counts for every chat
    const events = emu.control.events(seq).filter((e) => e.chat_id === chatId || (e.type === 'api_error' && e.method === 'answerCallbackQuery'));
    return {
      sent: events.filter((e) => e.type === 'message' && e.direction === 'out').map((e) => e.message as Msg),
      edited: events.filter((e) => e.type === 'message_edited').map((e) => e.message as Msg),
      answers: events.filter((e) => e.type === 'callback_answer') as unknown as { callback_query_id: string; text?: string; show_alert: boolean }[],
      refusedAnswers: events.filter((e) => e.type === 'api_error' && e.method === 'answerCallbackQuery'),
    };
  };
  /** Waits until the input got a reaction, then longer than the send queue's pace of one message a second per chat, to catch a second one. */
  const reactionTo = async (chatId: number, seq: number, callbackQueryId?: string, { visible = true } = {}) => {
    await until(() => {
      const s = seen(chatId, seq);
      const answer = s.answers.find((a) => a.callback_query_id === callbackQueryId);
      const shown = s.sent.length + s.edited.length > 0 || answer?.show_alert === true;
      return (!callbackQueryId || answer) && (shown || !visible);
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

    it('a flow that timed out says so with the next update: before the answer to a message, in the answer to its button', async () => {
      const expire = () => system.ds.query(`UPDATE bot.conversations SET expires_at = now() - interval '1 second' WHERE key = $1`, [`${BORIS.id}:${BORIS.id}`]);
      one(await say(BORIS.id, '/rooms'));
      await expire();
      // two messages, the second paced by the chat's send budget (~1 s after the first, later on a loaded machine)
      const { seq } = emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
      await until(() => seen(BORIS.id, seq).sent.length >= 2, 'the timeout notice and the lots');
      const r = await reactionTo(BORIS.id, seq);
      expect(r.sent.map((m) => m.text)).toEqual([expect.stringMatching(/^Мой предыдущий вопрос остался без ответа 10 мин/), expect.stringContaining('лот')]);
      expect((await say(BORIS.id, '/lots')).sent).toHaveLength(1); // told once
      one(await say(BORIS.id, '/rooms'));
      await expire();
      const pressed = await press(BORIS.id, await oldKeyboard(BORIS.id, ['f:1:msk']), 'f:1:msk'); // a button of that flow
      expect(pressed.answers.map((a) => a.text)).toEqual([expect.stringMatching(/^Мой предыдущий вопрос остался без ответа 10 мин/)]);
      expect(pressed.sent).toHaveLength(1); // the current screen (the menu), nothing more
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

  /**
   * The conversation-quality test: for every state a user can be in - no flow, and every step of every flow the bot
   * runs (enumerated from the flows' definitions, not listed here) - each input gets exactly one visible reaction
   * (a message or an edit, or an alert for a press), and each button press exactly one answer.
   */
  describe('every state × every input: one visible reaction, one answer per press', () => {
    interface State {
      name: string;
      flow?: { name: string; step: string; data: unknown; ttlSeconds: number };
    }
    const states = (): State[] => [
      { name: 'no flow' },
      ...flowsOf(bot).flatMap((f) =>
        Object.keys(f.steps).map((step) => ({ name: `${f.name}/${step}`, flow: { name: f.name, step, data: f.example, ttlSeconds: f.ttlSeconds } })),
      ),
    ];
    /** Puts the user in the state (as if they had walked there) and shows its screen; the screen's message. */
    const enter = async (userId: number, state: State): Promise<Msg | undefined> => {
      const key = `${userId}:${userId}`;
      const current = await botState.getConversation('user', key);
      if (current) await botState.deleteConversation('user', key, current.version);
      if (!state.flow) return undefined;
      const put = await botState.putConversation(
        'user',
        key,
        { flow: state.flow.name, step: state.flow.step, data: state.flow.data as Record<string, unknown>, ttlSeconds: state.flow.ttlSeconds },
        0,
      );
      expect(put.version).toBeGreaterThan(0);
      // the screen of the step, as the flow shows it: a stale button re-sends it
      const old = await oldKeyboard(userId, ['f:999999:stale']);
      const r = await press(userId, old, 'f:999999:stale');
      return one(r);
    };
    const INPUTS: { name: string; run: (userId: number, screen: Msg | undefined) => Promise<Awaited<ReturnType<typeof reactionTo>>[]> }[] = [
      { name: 'an unknown command', run: async (u) => [await say(u, '/foo')] },
      { name: 'free text', run: async (u) => [await say(u, 'what is the weather like today?')] },
      { name: 'very long text', run: async (u) => [await say(u, LONG)] },
      { name: 'odd Unicode', run: async (u) => [await say(u, ODD)] },
      { name: 'a stale flow button', run: async (u) => [await press(u, await oldKeyboard(u, ['f:999998:x']), 'f:999998:x')] },
      { name: 'garbage callback data', run: async (u) => [await press(u, await oldKeyboard(u, ['\u0000garbage']), '\u0000garbage')] },
      {
        name: 'a double tap on the screen’s last button',
        run: async (u, screen) => {
          const data = screen && buttons(screen).at(-1)?.callback_data;
          if (!screen || !data) return [];
          const first = emu.control.pressButton({ userId: u, messageId: screen.message_id, data });
          const second = emu.control.pressButton({ userId: u, messageId: screen.message_id, data });
          await reactionTo(u, first.seq, first.callbackQueryId);
          await reactionTo(u, second.seq, second.callbackQueryId, { visible: false }); // the first press's screen may be all
          const both = seen(u, first.seq - 1); // what both presses showed, and the answers to both
          return [{ ...both, answers: both.answers.filter((x) => [first.callbackQueryId, second.callbackQueryId].includes(x.callback_query_id)) }];
        },
      },
    ];

    it('enumerates every step of every flow', () => {
      const names = states().map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['no flow', 'rooms.office/office', 'auction.max/amount', 'auction.open/kind', 'auction.open/confirm']));
      expect(names.length).toBeLessThanOrEqual(STATE_USERS.length);
    });

    it('each input in each state', async () => {
      const failures: string[] = [];
      await Promise.all(
        states().map(async (state, i) => {
          const userId = STATE_USERS[i].id;
          for (const input of INPUTS) {
            const screen = await enter(userId, state);
            const reactions = await input.run(userId, screen);
            for (const r of reactions) {
              const visible = r.sent.length + r.edited.length + r.answers.filter((a) => a.show_alert).length;
              const pressed = r.answers.length + r.refusedAnswers.length > 0;
              const taps = input.name.startsWith('a double tap') ? 2 : 1;
              const problem = [
                visible < 1 || visible > taps ? `${visible} visible reactions to ${taps} input(s)` : '',
                pressed && r.answers.length !== taps ? `${r.answers.length} answers to ${taps} press(es)` : '',
                r.refusedAnswers.length ? `${r.refusedAnswers.length} refused answers` : '',
              ].filter(Boolean);
              if (problem.length)
                failures.push(
                  `${state.name} × ${input.name}: ${problem.join(', ')} (${[...r.sent, ...r.edited].map((m) => m.text?.slice(0, 60)).join(' | ')})`,
                );
            }
          }
        }),
      );
      expect(failures).toEqual([]);
      // a time limit for the whole enumeration: it grows with each flow (7 inputs per state, each paced by the
      // emulator's per-chat limit); nothing about speed is asserted
    }, 240_000);
  });
});
