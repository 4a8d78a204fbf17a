import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { addDays, weekOf } from '@megabot/domain';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';

const ANNA = { id: 720001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 720002, first_name: 'Борис', language_code: 'ru', label: 'Boris' };
const OLGA = { id: 720003, first_name: 'Olga', language_code: 'en', label: 'Olga (admin)' };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };
const dm = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

describe('bot: a week of time against the Bot API emulator', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let today: string;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['t-admin'], readWaitTimeoutMs: 15_000 });
    const hiredAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await hireAndBindTelegram(system, [
      { employeeId: 't-anna', telegramUserId: ANNA.id, hiredAt, projects: ['ACME', 'MEGA'], managerId: 't-admin' },
      { employeeId: 't-boris', telegramUserId: BORIS.id, hiredAt, projects: ['MEGA'] },
      { employeeId: 't-admin', telegramUserId: OLGA.id },
    ]);
    let position = '';
    for (const [code, name] of [
      ['ACME', 'Acme'],
      ['MEGA', 'Megabot'],
    ]) {
      const res = await fetch(`${system.apiUrl}/timesheets/projects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...system.bot(OLGA.id) },
        body: JSON.stringify({ code, name }),
      });
      expect(res.status).toBe(201);
      position = (await res.json()).position;
    }
    const week = await (await fetch(`${system.apiUrl}/timesheets/week?waitFor=${position}`, { headers: system.bot(ANNA.id) })).json();
    today = week.today;
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, OLGA] });
    bot = await launchBot(system, emu);
  });
  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 800; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const matches = (m: Msg | undefined, text: string | RegExp) => !!m && (typeof text === 'string' ? !!m.text?.includes(text) : text.test(m.text ?? ''));
  const lastWith = (userId: number, text: string | RegExp) =>
    until(() => {
      const m = outs(userId).slice(-1)[0];
      return matches(m, text) ? m : undefined;
    }, `a message with ${text}`);
  const edited = (userId: number, messageId: number, text: string | RegExp) =>
    until(() => {
      const m = outs(userId).find((x) => x.message_id === messageId);
      return matches(m, text) ? m : undefined;
    }, `message ${messageId} to show ${text}`);
  const buttons = (m: Msg) => (m.reply_markup?.inline_keyboard ?? []).flat();
  const press = async (userId: number, m: Msg, text: string) => {
    const b = buttons(m).find((x) => x.text.includes(text));
    if (!b?.callback_data) throw new Error(`no button "${text}": ${JSON.stringify(buttons(m))}`);
    const p = emu.control.pressButton({ userId, messageId: m.message_id, data: b.callback_data });
    return until(() => emu.control.callbackAnswer(p.callbackQueryId), `the answer to "${text}"`);
  };
  const say = (userId: number, text: string) => emu.control.sendMessage({ userId, text });
  const apiWeek = async (userId: number, date?: string) =>
    (await fetch(`${system.apiUrl}/timesheets/week${date ? `?date=${date}` : ''}`, { headers: system.bot(userId) })).json();

  it('logs a week of time: free text for each day of last week, a quick button today, the summary per project', async () => {
    say(ANNA.id, '/time');
    const screen = await lastWith(ANNA.id, 'My week');
    expect(buttons(screen).map((b) => b.text)).toEqual(expect.arrayContaining(['+1 h', '+4 h', '+8 h', '📋 Copy last week', '◀ Previous week']));
    expect(screen.text).toContain('Quick log for today on ACME');

    // last week, Monday to Friday, typed as people type it (the flow stays open for the next line)
    const lastWeek = weekOf(addDays(today, -7)).slice(0, 5);
    for (const [i, date] of lastWeek.entries()) {
      say(ANNA.id, i % 2 ? `${dm(date)} 6h ACME-${i + 1} review` : `${dm(date)} 6ч ACME-${i + 1} ревью`);
      await lastWith(ANNA.id, `Logged 6 h on ACME (ACME-${i + 1}) for ${dm(date)}`);
      say(ANNA.id, `${dm(date)} 2h MEGA planning`);
      await lastWith(ANNA.id, `Logged 2 h on MEGA for ${dm(date)} — planning`);
    }
    // one line the bot cannot log: said why, nothing written
    say(ANNA.id, `${dm(lastWeek[0])} 17h ACME`);
    await lastWith(ANNA.id, 'Not logged: that day would have more than 24 h');

    // a quick button for today on the screen's project: the screen is edited with the new total
    const answer = await press(ANNA.id, screen, '+4 h');
    expect(answer.text).toBe('Logged 4 h');
    const after = await edited(ANNA.id, screen.message_id, new RegExp(`✅ \\w{3} ${dm(today).replace('.', '\\.')} · 4 h`));
    expect(after.text).toContain('Quick log for today on ACME');

    // the previous week: 40 h, 30 on ACME and 10 on MEGA
    await press(ANNA.id, after, 'Previous week');
    const previous = await edited(ANNA.id, screen.message_id, `My week ${dm(lastWeek[0])}`);
    expect(previous.text).toContain('· 40 h');
    expect(previous.text).toContain('• ACME · 30 h');
    expect(previous.text).toContain('• MEGA · 10 h');
    expect((await apiWeek(ANNA.id, lastWeek[0])).totalMinutes).toBe(40 * 60);

    // back to this week, and copy last week into its free days up to today
    await press(ANNA.id, previous, 'This week');
    const current = await edited(ANNA.id, screen.message_id, /Quick log for today/);
    const copied = await press(ANNA.id, current, 'Copy last week');
    // working days before today (today has time already)
    const expectedDays = weekOf(today).filter((d) => d < today && new Date(`${d}T00:00:00Z`).getUTCDay() % 6 !== 0);
    if (expectedDays.length) expect(copied.text).toBe(`📋 Copied ${expectedDays.length * 2} entries from last week`);
    else expect(copied.text).toMatch(/Nothing to copy/);
    const total = expectedDays.length * 8 + 4;
    await edited(ANNA.id, screen.message_id, `My week ${dm(weekOf(today)[0])}–${dm(weekOf(today)[6])} · ${total} h`);
    expect((await apiWeek(ANNA.id)).totalMinutes).toBe(total * 60);
  });

  it('answers in Russian, and /time with text logs at once', async () => {
    say(BORIS.id, '/time 3ч MEGA-7 созвон');
    await lastWith(BORIS.id, `✅ Записано 3 ч в MEGA (MEGA-7) за ${dm(today)} — созвон`);
    say(BORIS.id, '/time вчера 2 часа ACME');
    await lastWith(BORIS.id, 'Не записано: вы не в этом проекте');
    say(BORIS.id, '/time ревью');
    await lastWith(BORIS.id, 'Не записано: сколько времени?');
  });

  it("/team shows a manager their reports' entries, week by week; someone without reports is told so", async () => {
    say(OLGA.id, '/team');
    const screen = await lastWith(OLGA.id, 'My team');
    expect(screen.text).toContain('t-anna');
    const lastWeek = weekOf(addDays(today, -7));
    await press(OLGA.id, screen, 'Previous week');
    const previous = await edited(OLGA.id, screen.message_id, `My team ${dm(lastWeek[0])}`);
    expect(previous.text).toContain('t-anna · 40 h');
    // the entries themselves: day, duration, project, task and comment
    expect(previous.text).toContain(`${dm(lastWeek[1])} · 6 h · ACME (ACME-2) — review`);
    expect(previous.text).toContain(`${dm(lastWeek[0])} · 2 h · MEGA — planning`);
    expect(buttons(previous).map((b) => b.text)).toContain('This week');
    say(BORIS.id, '/team');
    await lastWith(BORIS.id, 'У вас нет прямых подчинённых');
  });
});
