import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { SEATING_ROUTES, SEATING_WEB_APP_PATH } from '@megabot/contracts';
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { seatingMenuButton } from './seating.handlers';

const TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const ANNA = { id: 740001, first_name: 'Анна', language_code: 'ru', label: 'Anna' };

describe('bot: the seating plan Web App from the dev chat (Bot API emulator)', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let webAppUrl: string;

  beforeAll(async () => {
    // The emulator signs Web App initData with the bot's token; the API checks it with the same token, as npm start wires it.
    emu = await startEmulator({ port: 0, token: TOKEN, users: [ANNA] });
    system = await startTestSystem({ auth: { telegramBotToken: TOKEN } });
    await hireAndBindTelegram(system, [{ employeeId: 'e-anna', telegramUserId: ANNA.id }]);
    webAppUrl = `${system.apiUrl}${SEATING_WEB_APP_PATH}`;
    bot = await launchBot(system, emu);
  });
  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  /** What the page does first: trade the initData the client handed it for a session. */
  const openSession = (initData: string) =>
    fetch(`${system.apiUrl}/auth/webapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ initData }) });

  it('/seating answers with a web_app button to the API-served page; the page opened from it gets a session the seating API admits', async () => {
    emu.control.sendMessage({ userId: ANNA.id, text: '/seating' });
    const m = (await emu.control.waitForBotMessage(ANNA.id, { timeoutMs: 10_000 })) as Message.TextMessage;
    expect(m.text).toContain('План офиса');
    expect(m.reply_markup?.inline_keyboard).toEqual([[{ text: 'Открыть план офиса', web_app: { url: webAppUrl } }]]);
    const launch = emu.control.openWebApp({ userId: ANNA.id, messageId: m.message_id });
    expect(launch.url.startsWith(`${webAppUrl}#tgWebAppData=`)).toBe(true);
    const session = await openSession(launch.initData);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ employeeId: 'e-anna', kind: 'webapp' });
    const cookie = session.headers
      .getSetCookie()
      .find((c) => c.startsWith('mb_session='))!
      .split(';')[0];
    expect((await fetch(`${system.apiUrl}${SEATING_ROUTES.offices}`, { headers: { cookie } })).status).toBe(200);
    expect((await openSession(launch.initData)).status).toBe(401); // the same initData twice: a replay
  });

  it('the menu button opens the seating plan too (set in the background setup)', async () => {
    await bot.telegram.setChatMenuButton({ menuButton: seatingMenuButton(webAppUrl, 'ru') });
    const chatId = ANNA.id; // a private chat's id is the user's
    expect(emu.control.menuButtonFor(chatId)).toEqual({ type: 'web_app', text: 'План офиса', web_app: { url: webAppUrl } });
    const launch = emu.control.openWebApp({ userId: ANNA.id, source: 'menu' });
    expect(launch.url.startsWith(webAppUrl)).toBe(true);
    expect((await openSession(launch.initData)).status).toBe(200);
  });
});
