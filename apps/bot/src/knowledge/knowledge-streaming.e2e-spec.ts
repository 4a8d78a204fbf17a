import type { GlobalPosition } from '@megabot/contracts';
import { FIXTURE_DOCUMENTS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import { OllamaFixture } from '@megabot/knowledge/testing/ollama-fixture';
import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type EmulatorEvent, type RunningEmulator } from '../../../telegram-emulator/src';

const ANNA = { id: 730001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const FELIX = { id: 730002, first_name: 'Felix', language_code: 'en', label: 'Felix' };

type Msg = Message.TextMessage & { entities?: { type: string; url?: string }[] };

/**
 * The bot with a model behind the API (OLLAMA_URL set to a local server speaking Ollama's streaming /api/chat): the
 * answer is shown in one Telegram message while the model writes it - sent with the first words, then edited as more
 * arrives, at most about once a second (the emulator enforces Telegram's per-chat flood limit on sends and edits) -
 * and ends as the cited answer with its sources as links, citing only what the asker may read.
 */
describe('bot: a model answer streamed into the Telegram message (Bot API emulator, Ollama stand-in)', () => {
  const ollama = new OllamaFixture();
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;

  beforeAll(async () => {
    system = await startTestSystem({ knowledge: { ollamaUrl: await ollama.start(), ollamaAnswerModel: 'qwen2.5:3b' } });
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-felix', telegramUserId: FELIX.id, department: 'Finance', clearance: 'confidential' },
    ]);
    let last: GlobalPosition = { commit: 0n, prepare: 0n };
    for (const d of FIXTURE_DOCUMENTS) last = (await publish(system.store, d)).position;
    await system.projected('knowledge', last);
    emu = await startEmulator({
      port: 0,
      users: [ANNA, FELIX],
      rateLimits: { enabled: true, perChat: { limit: 1, windowMs: 1000 }, methods: ['sendmessage', 'editmessagetext'] },
    });
    bot = await launchBot(system, emu);
  }, 120_000);

  afterAll(async () => {
    bot?.stop('test');
    await emu?.stop();
    await system?.close();
    await ollama.stop();
  });

  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 1200; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** Every text the chat showed after `since`, in order: new messages and edits, each with its message id. */
  const shown = (userId: number, since: number) =>
    emu.control
      .events(since)
      .filter((e: EmulatorEvent) => e.chat_id === userId && (e.type === 'message_edited' || (e.type === 'message' && e.direction === 'out')))
      .map((e) => ({ type: e.type, ...(e.message as Msg) }));
  const ask = async (user: { id: number }, question: string) => {
    const since = emu.control.lastSeq;
    const chatsBefore = ollama.chats.length;
    emu.control.sendMessage({ userId: user.id, text: `/ask ${question}` });
    const final = await until(() => shown(user.id, since).find((m) => /Sources|I don't know/.test(m.text)), `the answer to "${question}"`);
    return { versions: shown(user.id, since), final, prompts: ollama.chats.slice(chatsBefore).map((c) => JSON.stringify(c.messages)) };
  };

  it("sends the first words, edits the message as the model writes (fewer edits than parts, at the chat's pace), ends cited with links", async () => {
    const words = 'Every employee gets 28 calendar days of paid leave a year [1], and a request is approved by the line manager [9].'.split(' ');
    ollama.answerParts = words.map((w, i) => (i ? ` ${w}` : w));
    ollama.partDelayMs = 150; // about three seconds of writing
    const { versions, final, prompts } = await ask(ANNA, 'How many days of paid annual leave do I get?');

    // One message: sent with a beginning of the answer, then edited.
    const ids = new Set(versions.map((v) => v.message_id));
    expect(ids.size).toBe(1);
    expect(versions[0].type).toBe('message');
    const streamed = versions.slice(0, -1).map((v) => v.text);
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    // Each a longer beginning of the answer as it ends up (a reference to no passage, [9], never shown).
    const answer = final.text.split('\n\nSources')[0];
    for (const [i, text] of streamed.entries()) {
      expect(answer.startsWith(text)).toBe(true);
      expect(text).not.toContain('[9]');
      if (i > 0) expect(text.length).toBeGreaterThan(streamed[i - 1].length);
    }
    // At Telegram's pace the texts in between are skipped: fewer versions than the model wrote parts.
    expect(versions.length).toBeLessThan(words.length);

    // The final form: the answer with [n] citations, the sources with title and link; [9] named no passage and is gone.
    expect(final.type).toBe('message_edited');
    expect(final.text).toContain('28 calendar days of paid leave a year [1]');
    expect(final.text).not.toContain('[9]');
    expect(final.text).toContain('[1] Vacation policy — HR › Policies');
    expect(final.entities?.some((e) => e.type === 'text_link' && e.url === 'https://wiki.example.com/wiki/Vacation_policy')).toBe(true);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('[1] Vacation policy');
  }, 60_000);

  it('cites only what the asker may read: the restricted page reaches the model and the chat for Finance only', async () => {
    ollama.answerParts = ['The salary review budget ', 'is set in the review [1].'];
    ollama.partDelayMs = 10;
    const question = 'What is the salary review budget for 2027?';

    const outsider = await ask(ANNA, question);
    for (const p of outsider.prompts) expect(p).not.toContain('BLUEHERON');
    for (const v of outsider.versions) {
      expect(v.text).not.toContain('Salary review 2027');
      expect(v.text).not.toContain('7 percent');
    }

    const reader = await ask(FELIX, question);
    expect(reader.prompts.some((p) => p.includes('BLUEHERON'))).toBe(true);
    expect(reader.final.text).toContain('[1] Salary review 2027');
  }, 60_000);
});
