import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { createBot } from '../bot';
import { devBindings, lookupFrom } from '../shared/actor';
import { ApiClient } from '../shared/api-client';
import { startNotificationDelivery } from './auction.notifications';

const ANNA = { id: 700001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 700002, first_name: 'Борис', language_code: 'ru', label: 'Boris' };

describe('bot: auction screens against the Bot API emulator (polling)', () => {
  let system: TestSystem;
  let apiUrl: string;
  let emu: RunningEmulator;
  let bot: Telegraf;
  const updates: Update[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    apiUrl = system.apiUrl;
    const res = await fetch(`${apiUrl}/auctions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-employee-id': 'e-seller' },
      body: JSON.stringify({ lotId: 'bike', kind: 'own_lot', title: 'City bike', startingPrice: 800_000, minIncrement: 20_000, closesAt: new Date(Date.now() + 86_400_000).toISOString() }),
    });
    expect(res.status).toBe(201);
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS] });
    bot = createBot({ token: emu.token, apiRoot: emu.apiRoot, apiUrl, lookupActor: lookupFrom(devBindings(`${ANNA.id}:e-anna`)) });
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

  const lastBotMessage = (userId: number) => emu.control.messages(userId, { direction: 'out' }).slice(-1)[0];
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('lists lots, opens a card, bids with a button and edits the card in place', async () => {
    emu.control.sendMessage({ userId: ANNA.id, text: '/start' });
    await until(() => lastBotMessage(ANNA.id)?.text?.includes('employee e-anna'), 'greeting');
    emu.control.sendMessage({ userId: ANNA.id, text: '/lots' });
    const list = await until(() => (lastBotMessage(ANNA.id)?.text?.includes('Open lots') ? lastBotMessage(ANNA.id) : undefined), 'lot list');
    expect(list.text).toContain('City bike');
    const press = (data: string) => emu.control.pressButton({ userId: ANNA.id, messageId: list.message_id, data });

    const open = press('a:c:bike');
    await until(() => emu.control.callbackAnswer(open.callbackQueryId), 'answer to the card press');
    const card = await until(() => (lastBotMessage(ANNA.id)?.text?.includes('Minimum bid') ? lastBotMessage(ANNA.id) : undefined), 'card');
    expect(card.message_id).toBe(list.message_id); // edited in place, no new message
    expect(card.text).toMatch(/Minimum bid: RUB\s8,000\.00/);

    const bid = press('a:b:bike:800000');
    const answer = await until(() => emu.control.callbackAnswer(bid.callbackQueryId), 'answer to the bid');
    expect(answer.text).toMatch(/Your bid of RUB\s8,000\.00 is accepted/);
    const after = await until(() => (lastBotMessage(ANNA.id)?.text?.includes('Leader: e-anna') ? lastBotMessage(ANNA.id) : undefined), 'card after bid');
    // tiered increments: from 5,000.00 the step is 250.00 (above the seller's 200.00)
    expect(after.text).toMatch(/Minimum bid: RUB\s8,250\.00/);
    expect(emu.control.messages(ANNA.id, { direction: 'out' })).toHaveLength(2); // greeting + the one edited message
  });

  const bidButton = (m: { reply_markup?: { inline_keyboard: { callback_data?: string }[][] } }) =>
    m.reply_markup!.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('a:b:'))!.callback_data!;

  it('a redelivered update places the bid once', async () => {
    emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
    const list = await until(() => (lastBotMessage(BORIS.id)?.text?.includes('Открытые лоты') ? lastBotMessage(BORIS.id) : undefined), 'list (ru)');
    emu.control.pressButton({ userId: BORIS.id, messageId: list.message_id, data: 'a:c:bike' });
    const card = await until(() => (lastBotMessage(BORIS.id)?.text?.includes('Минимальная ставка') ? lastBotMessage(BORIS.id) : undefined), 'card (ru)');
    expect(bidButton(card)).toBe('a:b:bike:825000');
    const press = emu.control.pressButton({ userId: BORIS.id, messageId: card.message_id, data: 'a:b:bike:825000' });
    await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'answer');
    const update = updates.find((u) => 'callback_query' in u && u.callback_query.id === press.callbackQueryId)!;
    expect(update).toBeDefined();
    const metrics = async () => (await (await fetch(`${apiUrl}/metrics`)).json()).auction;
    const before = await metrics();
    await bot.handleUpdate(update); // Telegram delivering the same update again
    const after = await metrics();
    // the bot's first middleware claimed the update_id through the API and dropped the redelivery: no second command
    // at all (had it got through, the idempotency key derived from the callback query id would make it a duplicate)
    expect(after.duplicates - before.duplicates).toBe(0);
    expect(after.rejected - before.rejected).toBe(0);
    expect(after.commands - before.commands).toBe(0);
    // the read model catches up asynchronously; give it a moment, then check there is exactly one new bid
    let lot: { bidCount: number; bids: { amount: number }[] } = { bidCount: 0, bids: [] };
    for (let i = 0; i < 100 && lot.bidCount < 2; i++) {
      lot = await (await fetch(`${apiUrl}/auctions/bike`)).json();
      if (lot.bidCount < 2) await new Promise((r) => setTimeout(r, 25));
    }
    expect(lot.bids.map((b: { amount: number }) => b.amount)).toEqual([825_000, 800_000]);
    expect(lot).toMatchObject({ bidCount: 2, leaderId: 'tg-700002' });
  });

  it("answers a stale bid button with the new minimum, in the user's language, and refreshes the card", async () => {
    const anna = lastBotMessage(ANNA.id); // still shows "Bid 8,250.00", but Boris bid 8,250.00 since
    const press = emu.control.pressButton({ userId: ANNA.id, messageId: anna.message_id, data: bidButton(anna) });
    const answer = await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'answer');
    expect(answer.text).toMatch(/Too low: the minimum is now RUB\s8,500\.00/);
    const refreshed = await until(() => (lastBotMessage(ANNA.id)?.text?.includes('Leader: tg-700002') ? lastBotMessage(ANNA.id) : undefined), 'refreshed card');
    expect(bidButton(refreshed)).toBe('a:b:bike:850000');
  });

  it('delivers the outbid notification once, even with two bot instances delivering', async () => {
    // Boris outbid Anna above; both "instances" deliver the same outbox.
    const api = new ApiClient(apiUrl);
    const recipients = () => new Map([['e-anna', { telegramId: ANNA.id, language: 'en' as const }]]);
    const one = startNotificationDelivery({ api, telegram: bot.telegram, recipients, intervalMs: 20 });
    const two = startNotificationDelivery({ api, telegram: bot.telegram, recipients, intervalMs: 20 });
    const outbid = () => emu.control.messages(ANNA.id, { direction: 'out' }).filter((m) => m.text?.startsWith('You have been outbid on «City bike»'));
    await until(() => outbid().length > 0, 'outbid message');
    await Promise.all([one.tick(), two.tick(), one.tick()]);
    await one.stop();
    await two.stop();
    expect(outbid()).toHaveLength(1);
    expect(outbid()[0].reply_markup?.inline_keyboard[0][0]).toMatchObject({ text: 'Bid again', callback_data: 'a:c:bike' });
    expect((await api.pendingNotifications('e-anna')).items).toEqual([]);
  });
});
