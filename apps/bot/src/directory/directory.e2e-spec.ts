import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';

const ANNA = { id: 720001, first_name: 'Анна', language_code: 'ru', label: 'Anna' };
const OLGA = { id: 720002, first_name: 'Olga', language_code: 'en', label: 'Olga' };
const BORIS = { id: 720003, first_name: 'Boris', language_code: 'en', label: 'Boris' };
const ADMIN = { id: 720004, first_name: 'Admin', language_code: 'en', label: 'Admin' };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] } };

describe('bot: the employee directory against the Bot API emulator', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] });
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-olga', telegramUserId: OLGA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
      { employeeId: 'e-admin', telegramUserId: ADMIN.id },
    ]);
    const records: [string, Record<string, unknown>][] = [
      ['e-olga', { fullName: 'Ольга Кузнецова', department: 'Разработка', position: 'Тимлид', office: 'Москва' }],
      ['e-anna', { fullName: 'Анна Иванова', department: 'Разработка', position: 'Разработчик', office: 'Казань', managerId: 'e-olga' }],
      ['e-boris', { fullName: 'Boris Johnson', department: 'Sales', position: 'Manager', office: 'London' }],
    ];
    let position = '';
    for (const [id, body] of records) {
      const res = await fetch(`${system.apiUrl}/identity/employees/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...system.bot(ADMIN.id) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      position = (await res.json()).position;
    }
    // Anna shows her Telegram contact and hides her e-mail from colleagues.
    const privacy = await fetch(`${system.apiUrl}/directory/employees/e-anna/privacy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...system.bot(ANNA.id) },
      body: JSON.stringify({ email: false, telegram: true }),
    });
    position = (await privacy.json()).position ?? position;
    await fetch(`${system.apiUrl}/directory/search?q=x&waitFor=${position}`, { headers: system.bot(ADMIN.id) });
    emu = await startEmulator({ port: 0, users: [ANNA, OLGA, BORIS, ADMIN], botUsername: 'megabot_test_bot' });
    bot = await launchBot(system, emu);
  });

  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const lastWith = (userId: number, text: string) => until(() => outs(userId).find((m) => m.text?.includes(text) && m), `a message with ${text}`);
  const buttons = (m: Msg) => (m.reply_markup?.inline_keyboard ?? []).flat();
  const press = async (userId: number, m: Msg, text: string) => {
    const b = buttons(m).find((x) => x.text.includes(text));
    if (!b?.callback_data) throw new Error(`no button "${text}": ${JSON.stringify(buttons(m))}`);
    const p = emu.control.pressButton({ userId, messageId: m.message_id, data: b.callback_data });
    return until(() => emu.control.callbackAnswer(p.callbackQueryId), `the answer to "${text}"`);
  };
  const edited = (userId: number, messageId: number, text: string) =>
    until(() => outs(userId).find((x) => x.message_id === messageId && x.text?.includes(text)), `message ${messageId} to show ${text}`);

  it('/who finds a colleague typed in Latin with a typo: the card, then the manager and her reports by buttons', async () => {
    emu.control.sendMessage({ userId: BORIS.id, text: '/who Ana Ivanva' });
    const card = await lastWith(BORIS.id, 'Анна Иванова');
    expect(card.text).toContain('Разработчик · Разработка');
    expect(card.text).toContain('Manager: Ольга Кузнецова');
    expect(card.text).toContain('Telegram');
    expect(card.text).not.toContain('e-anna@example.com');
    expect(card.text).toContain('Hidden by Анна: e-mail');
    await press(BORIS.id, card, 'Ольга Кузнецова');
    const olga = await edited(BORIS.id, card.message_id, 'Тимлид');
    await press(BORIS.id, olga, 'Reports (1)');
    const reports = await edited(BORIS.id, card.message_id, 'direct reports');
    expect(buttons(reports).map((b) => b.text)).toEqual(['Анна Иванова — Разработчик', '« Ольга Кузнецова']);
  });

  it('her manager sees the hidden e-mail; several matches give a list to pick from; the vCard comes as a file', async () => {
    emu.control.sendMessage({ userId: OLGA.id, text: '/who Анна' });
    const card = await lastWith(OLGA.id, 'Анна Иванова');
    expect(card.text).toContain('e-anna@example.com');
    emu.control.sendMessage({ userId: OLGA.id, text: '/who разработка' });
    const list = await lastWith(OLGA.id, 'Found for');
    expect(
      buttons(list)
        .map((b) => b.text)
        .sort(),
    ).toEqual(['Анна Иванова — Разработчик', 'Ольга Кузнецова — Тимлид']);
    await press(OLGA.id, card, 'vCard');
    const file = await until(() => emu.control.messages(OLGA.id, { direction: 'out' }).find((m) => (m as Message.DocumentMessage).document), 'the vCard');
    expect((file as Message.DocumentMessage).document.file_name).toBe('e-anna.vcf');
  });

  it('/who alone explains and offers search as you type', async () => {
    emu.control.sendMessage({ userId: ANNA.id, text: '/who' });
    const usage = await lastWith(ANNA.id, '/who');
    expect(usage.reply_markup?.inline_keyboard[0][0]).toMatchObject({ switch_inline_query_current_chat: '' });
  });

  it('inline mode: "@bot name" in a group shares the card as every colleague sees it, with a link to open it in the bot', async () => {
    const group = emu.control.createGroup({ title: 'Team', creatorId: OLGA.id, memberIds: [BORIS.id], type: 'group' });
    const { inlineQueryId } = emu.control.inlineQuery({ userId: OLGA.id, chatId: group.id, query: 'Ivanova' });
    const answer = await emu.control.waitForInlineAnswer(inlineQueryId, { timeoutMs: 10_000 });
    expect(answer.results[0]).toMatchObject({ type: 'article', id: 'e-anna', title: 'Анна Иванова', description: 'Разработчик · Разработка · Казань' });
    const { message } = emu.control.chooseInlineResult({ userId: OLGA.id, inlineQueryId, resultId: 'e-anna' });
    expect(message.text).toContain('Анна Иванова');
    // Olga may see Anna's e-mail, but what she shares is what every colleague sees.
    expect(message.text).not.toContain('e-anna@example.com');
    expect(message.via_bot?.username).toBe('megabot_test_bot');
    const link = message.reply_markup?.inline_keyboard[0][0] as { url?: string };
    expect(link.url).toBe('https://t.me/megabot_test_bot?start=who_e-anna');
    emu.control.sendMessage({ userId: BORIS.id, text: '/start who_e-anna' });
    expect((await lastWith(BORIS.id, 'Manager: Ольга Кузнецова')).text).toContain('Анна Иванова');
  });

  it('/privacy: Boris hides his e-mail, sets his photo by sending one captioned /photo, and removes it; colleagues see the result', async () => {
    const asAnna = async () =>
      (await (await fetch(`${system.apiUrl}/directory/employees/e-boris`, { headers: system.bot(ANNA.id) })).json()) as {
        photo: string | null;
        hidden: string[];
      };
    emu.control.sendMessage({ userId: BORIS.id, text: '/privacy' });
    const screen = await lastWith(BORIS.id, 'Your directory card');
    expect(screen.text).toContain('👁 e-mail — shown');
    expect(screen.text).toContain('No photo yet');
    await press(BORIS.id, screen, 'Hide: e-mail');
    const hidden = await edited(BORIS.id, screen.message_id, '🙈 e-mail — hidden');
    expect(buttons(hidden).map((b) => b.text)).toEqual(['Show: e-mail', 'Show: Telegram', 'Hide: photo']);
    expect((await asAnna()).hidden).toContain('email');

    const { fileId } = emu.control.sendPhoto({ userId: BORIS.id, caption: '/photo' });
    const saved = await lastWith(BORIS.id, 'Photo saved');
    expect(saved.text).toContain('Your photo is set');
    expect((await asAnna()).photo).toBe(fileId);
    await press(BORIS.id, saved, 'Remove photo');
    await edited(BORIS.id, saved.message_id, 'No photo yet');
    expect((await asAnna()).photo).toBeNull();
  });
});
