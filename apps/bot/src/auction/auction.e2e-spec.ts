import type { Telegraf } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { createBot } from '../bot';
import { IdentityApi } from '../identity/identity.api';
import { identityLookup } from '../identity/identity.gate';
import { NotificationsApi } from '../notifications/notifications.api';
import { notificationDelivery } from '../notifications/notifications.delivery';
import { NOTICE_RENDERERS } from '../notifications/renderers';
import { ApiClient } from '../shared/api-client';
import { BotStateApi } from '../shared/bot-state.api';
import { AuctionApi } from './auction.api';

const ANNA = { id: 700001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 700002, first_name: 'Борис', language_code: 'ru', label: 'Boris' };
const VERA = { id: 700003, first_name: 'Vera', language_code: 'en', label: 'Vera' };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };

describe('bot: auction screens against the Bot API emulator (polling)', () => {
  let system: TestSystem;
  let apiUrl: string;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let auction: AuctionApi;
  let botState: BotStateApi;
  const updates: Update[] = [];

  const openLot = async (lotId: string, extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${apiUrl}/auctions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.as('e-seller') },
      body: JSON.stringify({
        lotId,
        kind: 'own_lot',
        title: `Lot ${lotId}`,
        startingPrice: 100_000,
        closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        ...extra,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()).position as string;
  };

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] });
    apiUrl = system.apiUrl;
    // the bot's client: its service credential; the API resolves each Telegram user it acts for
    const http = new ApiClient(apiUrl, { credential: system.botToken });
    auction = new AuctionApi(http);
    botState = new BotStateApi(http);
    // The users' Telegram accounts are bound to their employees in identity: the API acts for bound accounts only
    // (and the notification outbox writes to them); the seller and the admin act from outside the bot.
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
      { employeeId: 'e-vera', telegramUserId: VERA.id },
    ]);
    await system.employees('e-seller', 'e-admin');
    await openLot('bike', { title: 'City bike', startingPrice: 800_000, minIncrement: 20_000, closesAt: new Date(Date.now() + 86_400_000).toISOString() });
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, VERA] });
    bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl,
      apiToken: system.botToken,
      lookupActor: identityLookup(new IdentityApi(http)),
      switchesTtlMs: 0,
    });
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = (update, response) => {
      updates.push(update);
      return handle(update, response);
    };
    void bot.launch();
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const lastBotMessage = (userId: number) => outs(userId).slice(-1)[0];
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const lastWith = (userId: number, text: string | RegExp) =>
    until(() => {
      const m = lastBotMessage(userId);
      return m && (typeof text === 'string' ? m.text?.includes(text) : text.test(m.text ?? '')) ? m : undefined;
    }, `a message with ${text}`);
  const buttons = (m: Msg) => (m.reply_markup?.inline_keyboard ?? []).flat();
  const dataOf = (m: Msg, text: string | RegExp) => {
    const b = buttons(m).find((x) => (typeof text === 'string' ? x.text.includes(text) : text.test(x.text)));
    if (!b?.callback_data) throw new Error(`no button "${text}" on message ${m.message_id}: ${JSON.stringify(buttons(m))}`);
    return b.callback_data;
  };
  /** Presses a button (by its text) and waits for the callback answer, which every press must get. */
  const press = async (userId: number, m: Msg, text: string | RegExp) => {
    const p = emu.control.pressButton({ userId, messageId: m.message_id, data: dataOf(m, text) });
    return until(() => emu.control.callbackAnswer(p.callbackQueryId), `the answer to "${text}"`);
  };
  const say = (userId: number, text: string) => emu.control.sendMessage({ userId, text });

  it('lists lots, opens a card, bids with a button and edits the card in place', async () => {
    say(ANNA.id, '/start');
    await lastWith(ANNA.id, 'employee e-anna');
    say(ANNA.id, '/lots');
    const list = await lastWith(ANNA.id, 'Open lots');
    expect(list.text).toContain('City bike');
    expect(dataOf(list, 'City bike')).toBe('a:o:0'); // the list's meaning is kept per message on the server

    await press(ANNA.id, list, 'City bike');
    const card = await lastWith(ANNA.id, 'Minimum bid');
    expect(card.message_id).toBe(list.message_id); // edited in place, no new message
    expect(card.text).toMatch(/Minimum bid: RUB\s8,000\.00/);
    expect(card.text).toMatch(/Closes: (23 h|1 d)/);

    const answer = await press(ANNA.id, card, /^Bid /);
    expect(answer.text).toMatch(/Your bid of RUB\s8,000\.00 is accepted/);
    const after = await lastWith(ANNA.id, 'Leader: e-anna');
    // tiered increments: from 5,000.00 the step is 250.00 (above the seller's 200.00)
    expect(after.text).toMatch(/Minimum bid: RUB\s8,250\.00/);
    expect(after.text).toMatch(/Your maximum: RUB\s8,000\.00 \(you lead\)/);
    expect(outs(ANNA.id)).toHaveLength(2); // greeting + the one edited message
  });

  it('a redelivered update places the bid once', async () => {
    say(BORIS.id, '/lots');
    const list = await lastWith(BORIS.id, 'Открытые лоты');
    await press(BORIS.id, list, 'City bike');
    const card = await lastWith(BORIS.id, 'Минимальная ставка');
    expect(dataOf(card, /^Ставка/)).toBe('a:b:bike:825000');
    const p = emu.control.pressButton({ userId: BORIS.id, messageId: card.message_id, data: 'a:b:bike:825000' });
    await until(() => emu.control.callbackAnswer(p.callbackQueryId), 'answer');
    const update = updates.find((u) => 'callback_query' in u && u.callback_query.id === p.callbackQueryId)!;
    expect(update).toBeDefined();
    const metrics = async () => (await (await fetch(`${apiUrl}/metrics`)).json()).auction;
    const before = await metrics();
    await bot.handleUpdate(update); // Telegram delivering the same update again
    const after = await metrics();
    expect(after.commands - before.commands).toBe(0); // claimed through the API and dropped: no second command
    let lot: { bidCount: number; bids: { amount: number }[] } = { bidCount: 0, bids: [] };
    for (let i = 0; i < 100 && lot.bidCount < 2; i++) {
      lot = await (await fetch(`${apiUrl}/auctions/bike`, { headers: system.bot(VERA.id) })).json();
      if (lot.bidCount < 2) await new Promise((r) => setTimeout(r, 25));
    }
    expect(lot.bids.map((b: { amount: number }) => b.amount)).toEqual([825_000, 800_000]);
    expect(lot).toMatchObject({ bidCount: 2, leaderId: 'e-boris' });
  });

  it("answers a stale bid button with the new minimum, in the user's language, and refreshes the card", async () => {
    const anna = lastBotMessage(ANNA.id); // still shows "Bid 8,250.00", but Boris bid 8,250.00 since
    const answer = await press(ANNA.id, anna, /^Bid /);
    expect(answer.text).toMatch(/Too low: the minimum is now RUB\s8,500\.00/);
    const refreshed = await lastWith(ANNA.id, 'Leader: e-boris');
    expect(dataOf(refreshed, /^Bid /)).toBe('a:b:bike:850000');
    expect(refreshed.text).toMatch(/Your maximum: RUB\s8,000\.00 \(outbid\)/);
  });

  it('delivers the outbid notification once, in her language, even with two bot instances delivering', async () => {
    const api = new NotificationsApi(new ApiClient(apiUrl, { credential: system.botToken }));
    const one = notificationDelivery({ api, telegram: bot.telegram, renderers: NOTICE_RENDERERS, intervalMs: 20 }).start();
    const two = notificationDelivery({ api, telegram: bot.telegram, renderers: NOTICE_RENDERERS, intervalMs: 20 }).start();
    const outbid = () => outs(ANNA.id).filter((m) => m.text?.startsWith('You have been outbid on «City bike»'));
    await until(() => outbid().length > 0, 'outbid message');
    await Promise.all([one.tick(), two.tick(), one.tick()]);
    await one.stop();
    await two.stop();
    expect(outbid()).toHaveLength(1);
    expect(outbid()[0].reply_markup?.inline_keyboard[0][0]).toMatchObject({ text: 'Bid again', callback_data: 'a:c:bike' });
  });

  it('"set maximum" asks for an amount as free text, keeps asking on nonsense or too little, then bids', async () => {
    say(ANNA.id, '/lots');
    const list = await lastWith(ANNA.id, 'Open lots');
    await press(ANNA.id, list, 'City bike');
    const card = await lastWith(ANNA.id, 'Minimum bid');
    await press(ANNA.id, card, 'Set maximum');
    await lastWith(ANNA.id, /Send your maximum for «City bike» \(at least RUB\s8,500\.00\)/);
    const state = await botState.getConversation('user', `${ANNA.id}:${ANNA.id}`);
    expect(state).toMatchObject({ flow: 'auction.max', step: 'amount', data: { lotId: 'bike' } });

    say(ANNA.id, 'a lot of money');
    await lastWith(ANNA.id, 'That is not an amount');
    say(ANNA.id, '100');
    await lastWith(ANNA.id, /Too low: the minimum is now RUB\s8,500\.00/);
    say(ANNA.id, '12 000');
    await lastWith(ANNA.id, /Your maximum of RUB\s12,000\.00 for «City bike» is set: you lead/);
    expect(await botState.getConversation('user', `${ANNA.id}:${ANNA.id}`)).toBeNull();
    let viewer = (await auction.getLot('bike', undefined, ANNA.id)).viewer;
    for (let i = 0; i < 100 && viewer?.maximum !== 1_200_000; i++) {
      await new Promise((r) => setTimeout(r, 25)); // the read model catches up
      viewer = (await auction.getLot('bike', undefined, ANNA.id)).viewer;
    }
    expect(viewer).toMatchObject({ leading: true, maximum: 1_200_000 });
    // the flow is over: more text is not taken as an amount (the help answers it)
    const count = outs(ANNA.id).length;
    say(ANNA.id, '13000');
    await lastWith(ANNA.id, 'I did not understand that');
    await new Promise((r) => setTimeout(r, 1200));
    expect(outs(ANNA.id)).toHaveLength(count + 1);
  });

  it('/cancel ends a flow; a flow button of an earlier step is refused', async () => {
    say(VERA.id, '/lots');
    const list = await lastWith(VERA.id, 'Open lots');
    await press(VERA.id, list, 'City bike');
    await press(VERA.id, await lastWith(VERA.id, 'Minimum bid'), 'Set maximum');
    await lastWith(VERA.id, 'Send your maximum');
    say(VERA.id, '/cancel');
    await lastWith(VERA.id, 'Cancelled.');
    say(VERA.id, '/cancel');
    await lastWith(VERA.id, 'There is nothing to cancel.');
  });

  it('buy now: asks, then buys, and the card shows the lot closed; a second purchase is refused kindly', async () => {
    const position = await openLot('lamp', { title: 'Desk lamp', buyNowPrice: 300_000 });
    await auction.getLot('lamp', position, VERA.id);
    say(VERA.id, '/lots');
    const list = await lastWith(VERA.id, 'Desk lamp');
    await press(VERA.id, list, 'Desk lamp');
    const card = await lastWith(VERA.id, /Buy now: RUB\s3,000\.00/);
    await press(VERA.id, card, 'Buy now');
    const confirm = await lastWith(VERA.id, 'Buy «Desk lamp» now');
    expect(confirm.message_id).toBe(list.message_id);
    const answer = await press(VERA.id, confirm, 'Yes, buy');
    expect(answer.text).toBe('Bought! The lot is yours.');
    await lastWith(VERA.id, /Closed/);
    // Anna still has an old confirmation open somewhere: the API refuses, the bot explains
    say(ANNA.id, '/lots');
    const annaList = await lastWith(ANNA.id, 'Open lots');
    expect(annaList.text).not.toContain('Desk lamp');
  });

  it('filters (ending soon, kind), paging, my bids and my lots', async () => {
    for (let i = 1; i <= 5; i++) await openLot(`extra${i}`, { title: `Extra ${i}` });
    const position = await openLot('soon', { title: 'Ends soon', closesAt: new Date(Date.now() + 30 * 60_000).toISOString() });
    await auction.listLots({ waitFor: position }, VERA.id);
    say(VERA.id, '/lots');
    const list = await lastWith(VERA.id, 'Open lots');
    expect(list.text).toContain('Page 1 of 2'); // 7 open lots, 5 a page
    expect(list.text).toContain('Ends soon'); // closes first
    await press(VERA.id, list, '›');
    const page2 = await lastWith(VERA.id, 'Page 2 of 2');
    expect(page2.text).toMatch(/6\. /);
    await press(VERA.id, page2, 'Ending soon');
    const soon = await lastWith(VERA.id, 'Filters: Ending soon');
    expect(soon.text).toContain('Ends soon');
    expect(soon.text).not.toContain('City bike');
    await press(VERA.id, soon, 'All kinds'); // → parking spots only: none
    const parking = await lastWith(VERA.id, 'Filters: Parking spot, Ending soon');
    expect(parking.text).toContain('No lots here');

    say(ANNA.id, '/mybids');
    const mine = await lastWith(ANNA.id, 'My bids');
    expect(mine.text).toContain('City bike');
    expect(mine.text).not.toContain('Extra');
    say(VERA.id, '/mybids');
    expect((await lastWith(VERA.id, 'My bids')).text).toContain('No lots here'); // she bought, never bid
  });

  it('/language stores the choice through the API and overrides the Telegram language', async () => {
    say(BORIS.id, '/language');
    const menu = await lastWith(BORIS.id, 'Язык: ');
    const answer = await press(BORIS.id, menu, 'English');
    expect(answer.text).toBe('Language: English');
    await lastWith(BORIS.id, 'Language: English. Choose:');
    expect((await botState.getUserSettings(BORIS.id)).language).toBe('en');
    say(BORIS.id, '/lots');
    await lastWith(BORIS.id, 'Open lots'); // Boris's Telegram is in Russian
    say(BORIS.id, '/language');
    await press(BORIS.id, await lastWith(BORIS.id, 'Language: English'), 'As in Telegram');
    say(BORIS.id, '/lots');
    await lastWith(BORIS.id, 'Открытые лоты');
  });

  it('"open a lot" is hidden until its feature switch is on for the user, then the wizard opens a lot', async () => {
    const count = outs(ANNA.id).length;
    say(ANNA.id, '/newlot');
    await lastWith(ANNA.id, 'I do not know the command /newlot'); // no such command for her
    expect(outs(ANNA.id)).toHaveLength(count + 1);
    const patch = (as: Record<string, string>, body: unknown) =>
      fetch(`${apiUrl}/bot/switches/auction.open_lot`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...as },
        body: JSON.stringify(body),
      });
    expect((await patch(system.bot(ANNA.id), { users: { 'e-anna': true } })).status).toBe(403);
    expect((await patch(system.as('e-admin'), { users: { 'e-anna': true } })).status).toBe(200);

    say(ANNA.id, '/start');
    await lastWith(ANNA.id, 'Open a lot: /newlot');
    say(VERA.id, '/start');
    expect((await lastWith(VERA.id, 'employee e-vera')).text).not.toContain('/newlot'); // not a tester

    say(ANNA.id, '/newlot');
    const kind = await lastWith(ANNA.id, 'New lot</b> (1/5)'.replace('</b>', ''));
    await press(ANNA.id, kind, 'Own item');
    const title = await lastWith(ANNA.id, '(2/5)');
    expect(title.message_id).toBe(kind.message_id); // the wizard edits its message in place
    say(ANNA.id, 'x'.repeat(200));
    await lastWith(ANNA.id, 'The title must be 1 to 120 characters');
    say(ANNA.id, 'Espresso <machine> & mugs');
    await lastWith(ANNA.id, '(3/5)');
    say(ANNA.id, 'cheap');
    await lastWith(ANNA.id, 'That is not a price');
    say(ANNA.id, '1 500');
    const duration = await lastWith(ANNA.id, '(4/5)');
    await press(ANNA.id, duration, '1 day');
    const confirm = await lastWith(ANNA.id, '(5/5)');
    expect(confirm.text).toContain('«Espresso <machine> & mugs»');
    expect(confirm.text).toMatch(/Starting price: RUB\s1,500\.00/);
    await press(ANNA.id, confirm, 'Yes, open it');
    await until(() => outs(ANNA.id).some((m) => m.text?.includes('The lot «Espresso <machine> & mugs» is open.')), 'opened');
    const card = await lastWith(ANNA.id, 'This is your lot.');
    expect(buttons(card).some((b) => b.callback_data?.startsWith('a:b:'))).toBe(false); // no bidding on your own lot
    say(ANNA.id, '/mylots');
    expect((await lastWith(ANNA.id, 'My lots')).text).toContain('Espresso');
  });

  it('a double tap on "Bid" is one bid: one answer with the result, the other empty, one edit, no refusal', async () => {
    const position = await openLot('dtap', { title: 'Double tap', closesAt: new Date(Date.now() + 3_600_000).toISOString() }); // first in the list
    await auction.listLots({ waitFor: position }, VERA.id);
    say(VERA.id, '/lots');
    const list = await lastWith(VERA.id, 'Double tap');
    await press(VERA.id, list, 'Double tap');
    const card = await lastWith(VERA.id, 'Minimum bid');
    const data = dataOf(card, /^Bid /);
    const first = emu.control.pressButton({ userId: VERA.id, messageId: card.message_id, data });
    const second = emu.control.pressButton({ userId: VERA.id, messageId: card.message_id, data });
    const answers = await until(() => {
      const both = [emu.control.callbackAnswer(first.callbackQueryId), emu.control.callbackAnswer(second.callbackQueryId)];
      return both.every(Boolean) && both;
    }, 'both answers');
    await lastWith(VERA.id, 'Leader: e-vera');
    await new Promise((r) => setTimeout(r, 1300)); // longer than the send queue's pace per chat: a second edit would show
    expect(answers.map((a) => a!.text ?? '').sort()).toEqual(['', expect.stringMatching(/Your bid of RUB\s1,000\.00 is accepted/)]);
    const events = emu.control.events(first.seq).filter((e) => e.chat_id === VERA.id || e.type === 'api_error');
    expect(events.filter((e) => e.type === 'message_edited')).toHaveLength(1);
    expect(events.filter((e) => (e.type === 'message' && e.direction === 'out') || e.type === 'api_error')).toEqual([]);
  });

  it('every inline button the bot sent carries callback data of at most 64 bytes', () => {
    const all = [ANNA, BORIS, VERA].flatMap((u) => outs(u.id)).flatMap(buttons);
    expect(all.length).toBeGreaterThan(20);
    for (const b of all) expect(Buffer.byteLength(b.callback_data ?? '', 'utf8')).toBeLessThanOrEqual(64);
  });
});
