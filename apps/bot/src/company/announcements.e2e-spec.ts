import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { AnnouncementView } from '@megabot/contracts';
// The system around the bot, as in production: API, projector with its process managers (the announcements
// manager), the bot's one deliverer, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { NotificationsApi } from '../notifications/notifications.api';
import { notificationDelivery, type DeliveryRound } from '../notifications/notifications.delivery';
import { NOTICE_RENDERERS } from '../notifications/renderers';
import { ApiClient } from '../shared/api-client';
import type { Poller } from '../shared/poller';

const ANNA = { id: 742001, first_name: 'Анна', language_code: 'ru', label: 'Anna', started: true };
const BORIS = { id: 742002, first_name: 'Boris', language_code: 'en', label: 'Boris', started: true };
const CARL = { id: 742003, first_name: 'Carl', language_code: 'en', label: 'Carl (mutes announcements)', started: true };
const ADMIN = { id: 742004, first_name: 'Olga', language_code: 'en', label: 'Olga (admin, another office)', started: true };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };

describe('bot: an announcement to an office, delivered through the one outbox (against the Bot API emulator)', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let delivery: Poller<DeliveryRound>;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['n-admin'] }, { processManagers: true });
    await hireAndBindTelegram(system, [
      { employeeId: 'n-anna', telegramUserId: ANNA.id, office: 'HQ' },
      { employeeId: 'n-boris', telegramUserId: BORIS.id, office: 'HQ' },
      { employeeId: 'n-carl', telegramUserId: CARL.id, office: 'HQ' },
      { employeeId: 'n-admin', telegramUserId: ADMIN.id, office: 'SPB', roles: ['employee', 'admin'] },
    ]);
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, CARL, ADMIN] });
    const http = new ApiClient(system.apiUrl, { credential: system.botToken });
    bot = await launchBot(system, emu, { http });
    delivery = notificationDelivery({ api: new NotificationsApi(http), telegram: bot.telegram, renderers: NOTICE_RENDERERS, intervalMs: 50 }).start();
  });
  afterAll(async () => {
    await delivery.stop();
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const until = async <T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const v = await fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const lastWith = (userId: number, text: string) => until(() => outs(userId).find((m) => m.text?.includes(text)), `a message with ${text}`);

  it('Carl mutes announcements in the bot; Anna and Boris receive the office announcement once, Carl does not; the statistics say so', async () => {
    emu.control.sendMessage({ userId: CARL.id, text: '/announcements' });
    const screen = await lastWith(CARL.id, 'Company announcements come to this chat');
    const mute = screen.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes('Mute'))!;
    const press = emu.control.pressButton({ userId: CARL.id, messageId: screen.message_id, data: mute.callback_data! });
    await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'the answer to the mute button');
    await until(() => outs(CARL.id).find((m) => m.message_id === screen.message_id && m.text?.includes('muted')), 'the screen to say muted');

    const res = await fetch(`${system.apiUrl}/company/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.bot(ADMIN.id) },
      body: JSON.stringify({ announcementId: 'hq-water', text: 'No water on the 3rd floor <today>', audience: 'offices', offices: ['HQ'] }),
    });
    expect(res.status).toBe(201);

    const anna = await lastWith(ANNA.id, 'No water on the 3rd floor <today>');
    expect(anna.text).toContain('Объявление');
    await lastWith(BORIS.id, 'No water on the 3rd floor');
    const stats = await until(async () => {
      const view = (await (await fetch(`${system.apiUrl}/company/announcements/hq-water`, { headers: system.bot(ADMIN.id) })).json()) as AnnouncementView;
      return view.stats?.sent === 2 && view.stats;
    }, 'two receipts');
    expect(stats).toEqual({ recipients: 3, queued: 0, sent: 2, failed: 0, muted: 1 });
    await new Promise((r) => setTimeout(r, 300)); // a few more delivery rounds: nothing is sent again
    for (const user of [ANNA, BORIS]) expect(outs(user.id).filter((m) => m.text?.includes('No water'))).toHaveLength(1);
    expect(outs(CARL.id).filter((m) => m.text?.includes('No water'))).toEqual([]);
    expect(outs(ADMIN.id).filter((m) => m.text?.includes('No water'))).toEqual([]); // another office
  });
});
