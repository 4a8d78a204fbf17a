import type { GlobalPosition } from '@megabot/contracts';
import { knowledgeAnswerStreamId } from '@megabot/contracts';
import { FIXTURE_DOCUMENTS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';

const ANNA = { id: 720001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 720002, first_name: 'Борис', language_code: 'ru', label: 'Boris' };

type Msg = Message.TextMessage & {
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
  entities?: { type: string; url?: string }[];
};

describe('bot: the knowledge assistant against the Bot API emulator', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;

  beforeAll(async () => {
    system = await startTestSystem();
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
    ]);
    let last: GlobalPosition = { commit: 0n, prepare: 0n };
    for (const d of FIXTURE_DOCUMENTS) last = (await publish(system.store, d)).position;
    await system.projected('knowledge', last);
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS] });
    bot = await launchBot(system, emu);
  }, 120_000);

  afterAll(async () => {
    bot?.stop('test');
    await emu?.stop();
    await system?.close();
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
  const lastWith = (userId: number, text: string | RegExp) =>
    until(() => {
      const m = outs(userId).slice(-1)[0];
      return m && (typeof text === 'string' ? m.text?.includes(text) : text.test(m.text ?? '')) ? m : undefined;
    }, `a message with ${text}`);
  const say = (userId: number, text: string) => emu.control.sendMessage({ userId, text });

  it('/ask <question> answers with the sources as links and rating buttons; 👍 is recorded', async () => {
    say(ANNA.id, '/ask How many days of paid annual leave do I get?');
    const answer = await lastWith(ANNA.id, 'Sources');
    expect(answer.text).toContain('28 calendar days');
    expect(answer.text).toContain('[1] Vacation policy — HR › Policies');
    expect(answer.entities?.some((e) => e.type === 'text_link' && e.url === 'https://wiki.example.com/wiki/Vacation_policy')).toBe(true);
    const buttons = answer.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['👍 Helpful', '👎 Not helpful']);

    const press = emu.control.pressButton({ userId: ANNA.id, messageId: answer.message_id, data: buttons[0].callback_data! });
    const reply = await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'the rating answer');
    expect(JSON.stringify(reply)).toContain('Thanks for the feedback');
    const answerId = buttons[0].callback_data!.split(':')[2];
    const events = await system.store.readStream(knowledgeAnswerStreamId(answerId));
    expect(events.map((e) => [e.type, (e.data as { employeeId: string }).employeeId])).toEqual([
      ['KnowledgeAnswerGiven', 'e-anna'],
      ['KnowledgeAnswerRated', 'e-anna'],
    ]);
  });

  it('/ask then the question in Russian; an unanswerable question gets "I don\'t know"', async () => {
    say(BORIS.id, '/ask');
    await lastWith(BORIS.id, 'Вопрос к базе знаний');
    say(BORIS.id, 'Как забронировать гостевое место на парковке?');
    const answer = await lastWith(BORIS.id, 'Источники');
    expect(answer.text).toContain('ресепшен');
    expect(answer.text).toContain('Парковка у офиса (file://share/Office/Парковка.md)');

    say(BORIS.id, '/ask Сколько стоит абонемент в бассейн?');
    await lastWith(BORIS.id, 'Не знаю');
  });

  it('a restricted page never reaches the chat of someone without rights', async () => {
    const before = outs(ANNA.id).length;
    say(ANNA.id, '/ask What is the salary review budget for 2027? BLUEHERON');
    const answer = await until(() => outs(ANNA.id).length > before && outs(ANNA.id).slice(-1)[0], 'the answer');
    expect(answer.text).toMatch(/Sources|I don't know/);
    expect(answer.text).not.toContain('7 percent');
    expect(answer.text).not.toContain('Salary review 2027');
  });
});
