import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { XMLCALENDAR_RU_2026 } from '../../../../libs/domain/src/company/fixtures/xmlcalendar-ru-2026';
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';

const RU_2026 = XMLCALENDAR_RU_2026;
const ANNA = { id: 730001, first_name: 'Анна', language_code: 'ru', label: 'Anna' };
const ADMIN = { id: 730002, first_name: 'Admin', language_code: 'en', label: 'Admin' };

describe('bot: company information against the Bot API emulator', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;

  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${system.apiUrl}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.bot(ADMIN.id) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { position: string };
  };

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] });
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-admin', telegramUserId: ADMIN.id },
    ]);
    await post('/company/links', { linkId: 'vpn', category: 'IT', title: 'VPN', url: 'https://wiki.example.com/vpn?a=1&b=2', description: 'Как подключиться' });
    const imported = await post('/company/calendars/import', { region: 'ru', format: 'xmlcalendar', content: RU_2026 });
    await fetch(`${system.apiUrl}/company/links?waitFor=${imported.position}`, { headers: system.bot(ADMIN.id) });
    emu = await startEmulator({ port: 0, users: [ANNA, ADMIN] });
    bot = await launchBot(system, emu);
  });

  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const reply = async (userId: number, text: string) => {
    emu.control.sendMessage({ userId, text });
    return (await emu.control.waitForBotMessage(userId, { timeoutMs: 10_000 })) as Message.TextMessage;
  };

  it('/links lists the links by category, each a link', async () => {
    const m = await reply(ANNA.id, '/links');
    expect(m.text).toBe('Полезные ссылки\n\nIT\n• VPN — Как подключиться');
    expect(m.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'text_link', url: 'https://wiki.example.com/vpn?a=1&b=2' })]));
  });

  it('/holidays 2026 shows the holidays, moved and shortened days and the totals; a year not imported is said so', async () => {
    const m = await reply(ANNA.id, '/holidays 2026');
    expect(m.text).toContain('Праздники 2026 (ru)');
    expect(m.text).toContain('— Рождество Христово');
    expect(m.text).toMatch(/9 янв\.? — выходной, перенесён с сб, 3 янв/);
    expect(m.text).toContain('— сокращённый день (на час короче)');
    expect(m.text).toContain('Рабочих дней: 247, часов: 1972');
    expect((await reply(ADMIN.id, '/holidays 2031')).text).toBe('No holiday calendar of ru for 2031 has been imported yet.');
  });
});
