import type { Telegraf } from 'telegraf';
import { middayZone } from '@megabot/testing';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector with its process managers (reminders, notices to
// unbound accounts), and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { createBot } from '../bot';
import { IdentityApi } from '../identity/identity.api';
import { identityLookup } from '../identity/identity.gate';
import { ApiClient } from '../shared/api-client';
import type { Poller } from '../shared/poller';
import { NotificationsApi } from './notifications.api';
import { notificationDelivery, type DeliveryRound } from './notifications.delivery';
import { NOTICE_RENDERERS } from './renderers';

const ANNA = { id: 720001, first_name: 'Anna', language_code: 'en', label: 'Anna', started: true };
const BORIS = { id: 720002, first_name: 'Boris', language_code: 'en', label: 'Boris', started: true };
const CHLOE = { id: 720003, first_name: 'Chloe', language_code: 'en', label: 'Chloe (blocks the bot)', started: true };
const DORA = { id: 720004, first_name: 'Dora', language_code: 'en', label: 'Dora (never wrote)', started: true };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };

describe('bot: one deliverer for the notices of every feature (against the Bot API emulator)', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let notifications: NotificationsApi;
  let delivery: Poller<DeliveryRound> | undefined;
  const logged: string[] = [];

  /** The employees of the users above act through the bot, for their Telegram accounts; the seller and the admin are hired by `system.employees`. */
  const ACCOUNTS: Record<string, number> = { 'e-anna': ANNA.id, 'e-boris': BORIS.id, 'e-chloe': CHLOE.id, 'e-dora': DORA.id };
  const as = (actor: string) => (actor in ACCOUNTS ? system.bot(ACCOUNTS[actor]) : system.as(actor));
  const command = async (path: string, actor: string, body: Record<string, unknown> = {}) => {
    const res = await fetch(`${system.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(actor) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return res.json();
  };
  let lots = 0;
  /** A lot `outbid` loses on: the other bidder surpasses their maximum (one outbid notice for them). */
  const outbid = async (loser: string, winner: string, title: string) => {
    const lotId = `lot${++lots}`;
    await command('/auctions', 'e-seller', { lotId, kind: 'own_lot', title, startingPrice: 1000, closesAt: new Date(Date.now() + 86_400_000).toISOString() });
    await command(`/auctions/${lotId}/bids`, loser, { amount: 1000 });
    const last = await command(`/auctions/${lotId}/bids`, winner, { amount: 2000 });
    await fetch(`${system.apiUrl}/auctions/${lotId}?waitFor=${last.position}`, { headers: as(winner) });
    return lotId;
  };
  const deliver = (options: { batchSize?: number; leaseSeconds?: number } = {}) => {
    delivery = notificationDelivery({
      api: notifications,
      telegram: bot.telegram,
      renderers: NOTICE_RENDERERS,
      intervalMs: 50,
      log: (m) => logged.push(m),
      ...options,
    }).start();
  };
  const stopDelivery = async () => {
    await delivery?.stop();
    delivery = undefined;
  };

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] }, { processManagers: true });
    await hireAndBindTelegram(
      system,
      Object.entries(ACCOUNTS).map(([employeeId, telegramUserId]) => ({ employeeId, telegramUserId })),
    );
    await system.employees('e-seller', 'e-admin');
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, CHLOE, DORA] });
    const http = new ApiClient(system.apiUrl, { credential: system.botToken });
    notifications = new NotificationsApi(http);
    bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: system.apiUrl,
      http,
      lookupActor: identityLookup(new IdentityApi(http)),
      switchesTtlMs: 0,
    });
    void bot.launch();
    await new Promise((r) => setTimeout(r, 200));
    // Anna writes to the bot once: her client language (English) is recorded; Dora never writes
    emu.control.sendMessage({ userId: ANNA.id, text: '/start' });
    await until(() => outs(ANNA.id).length > 0, 'the greeting');
  });

  afterEach(() => stopDelivery());
  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const withText = (userId: number, text: string) => outs(userId).filter((m) => m.text?.includes(text));
  const until = async <T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const v = await fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const receipts = (userId: number) =>
    system.ds.query(`SELECT outcome, attempts, error FROM notify.deliveries WHERE telegram_user_id = $1 ORDER BY confirmed_at NULLS LAST, notification_id`, [
      userId,
    ]);

  it('sends an outbid with its button, a room reminder whose check-in button works, and the notice to an unbound account', async () => {
    await outbid('e-anna', 'e-boris', 'Desk lamp');
    // a room in a time zone where it is about noon: a meeting in two minutes never crosses midnight
    await command('/rooms/offices', 'e-admin', { officeId: 'hq', name: 'HQ', timeZone: middayZone() });
    await command('/rooms/offices/hq/rooms', 'e-admin', {
      roomId: 'neva',
      name: 'Neva',
      floor: 1,
      capacity: 6,
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
    });
    const start = Math.ceil(Date.now() / 60_000) * 60_000 + 2 * 60_000;
    const booking = await command('/rooms/neva/bookings', 'e-anna', {
      title: 'Planning',
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
    });
    await command('/identity/employees/e-dora/telegram/unbind', 'e-admin', { comment: 'phone lost' });
    deliver();

    const lamp = await until(() => withText(ANNA.id, 'You have been outbid on «Desk lamp»')[0], 'the outbid notice');
    expect(lamp.reply_markup?.inline_keyboard[0][0]).toMatchObject({ text: 'Bid again', callback_data: 'a:c:lot1' });
    const reminder = await until(() => withText(ANNA.id, '«Planning» in Neva starts at')[0], 'the reminder');
    expect(reminder.reply_markup?.inline_keyboard[0][0]).toEqual({ text: '✅ Check in', callback_data: `r:c:${booking.bookingId}` });
    const pressed = emu.control.pressButton({ userId: ANNA.id, messageId: reminder.message_id, data: `r:c:${booking.bookingId}` });
    expect((await until(() => emu.control.callbackAnswer(pressed.callbackQueryId), 'the check-in answer')).text).toBe('Checked in');
    await until(
      () => outs(ANNA.id).find((m) => m.message_id === reminder.message_id && m.text?.startsWith('My bookings')),
      'the reminder turned into my bookings',
    );
    // Dora never wrote to the bot: her language is not known, so she reads it in the deployment's default (Russian)
    const notice = await until(() => outs(DORA.id)[0], 'the unbind notice');
    expect(notice.text).toBe('Администратор отвязал этот аккаунт Telegram от вашего корпоративного аккаунта. Отправьте /start, чтобы привязать его снова.');
    const sent = outs(ANNA.id).length;
    await new Promise((r) => setTimeout(r, 300)); // more rounds: nothing is sent twice
    expect(outs(ANNA.id)).toHaveLength(sent);
    expect(withText(ANNA.id, 'You have been outbid on «Desk lamp»')).toHaveLength(1);
    expect(outs(DORA.id)).toHaveLength(1);
  });

  it('a notice claimed and never confirmed (the bot crashed) is not given to anyone else, and is delivered once after the lease', async () => {
    await outbid('e-boris', 'e-anna', 'Bike');
    // an instance claims it and dies before sending; a 5 s lease (2 s lapsed between two claims in a loaded full run)
    const crashed = await notifications.claim(50, 5);
    expect(crashed.items.map((n) => [n.feature, n.kind, n.telegramUserId, n.attempt])).toEqual([['auction', 'outbid', BORIS.id, 1]]);
    expect((await notifications.claim(50, 5)).items).toEqual([]); // a second claimer does not get it
    deliver(); // another instance delivers
    await new Promise((r) => setTimeout(r, 1000));
    expect(outs(BORIS.id)).toHaveLength(0); // still leased to the crashed one
    // Boris never wrote to the bot: Russian, the company's language
    await until(() => outs(BORIS.id).length > 0, 'the notice after the lease');
    await new Promise((r) => setTimeout(r, 300));
    expect(outs(BORIS.id).map((m) => m.text)).toEqual(['Вашу ставку на «Bike» перебили.']);
    expect(await receipts(BORIS.id)).toEqual([{ outcome: 'delivered', attempts: 2, error: null }]);
  });

  it('a user who blocked the bot does not hold up the queue: their notices are settled as undeliverable, not retried', async () => {
    emu.control.blockBot(CHLOE.id);
    for (const title of ['Chair', 'Table', 'Shelf']) await outbid('e-chloe', 'e-boris', title);
    await outbid('e-anna', 'e-boris', 'Monitor'); // made after Chloe's, so it waits behind them
    deliver({ batchSize: 2, leaseSeconds: 1 }); // two rounds of Chloe's before Anna's turn
    await until(() => withText(ANNA.id, 'outbid on «Monitor»').length > 0, "Anna's notice");
    const chloe = await until(async () => {
      const rows = await receipts(CHLOE.id);
      return rows.length === 3 && rows.every((r: { outcome: string | null }) => r.outcome) ? rows : undefined;
    }, "Chloe's notices settled");
    expect(chloe).toEqual(Array(3).fill({ outcome: 'undeliverable', attempts: 1, error: 'Forbidden: bot was blocked by the user' }));
    await new Promise((r) => setTimeout(r, 1200)); // longer than a lease: settled notices are not claimed again
    expect(await receipts(CHLOE.id)).toEqual(chloe);
    expect(outs(CHLOE.id).filter((m) => m.text?.includes('outbid'))).toEqual([]);
    expect(logged.filter((m) => m.includes('not sent'))).toEqual([]); // settled, not failed (no retries)
  });
});
