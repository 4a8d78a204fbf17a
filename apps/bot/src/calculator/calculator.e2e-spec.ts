import { startEmulator, type Message, type RunningEmulator } from '../../../telegram-emulator/src';
import { KEY_LABELS, MESSAGES, decodeState, encodeState, type Key } from './calculator';
import { startCalculatorBot, type RunningCalculatorBot } from './main';

const ANNA = { id: 7001, first_name: 'Anna', language_code: 'en' };
const IVAN = { id: 7002, first_name: 'Иван', language_code: 'ru' };
const SECRET = 'calc_hook_secret_1';

describe('calculator bot in webhook mode against the emulator', () => {
  let emu: RunningEmulator;
  let calc: RunningCalculatorBot;
  const logs: string[] = [];

  const start = () =>
    startCalculatorBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      webhookUrl: ({ port }) => `http://127.0.0.1:${port}/calculator/hook`,
      secretToken: SECRET,
      port: 0,
      host: '127.0.0.1',
      log: (line) => logs.push(line),
    });

  beforeAll(async () => {
    emu = await startEmulator({ users: [ANNA, IVAN], webhookRetryBaseMs: 50 });
    calc = await start();
  });
  afterAll(async () => {
    await calc?.stop();
    await emu?.stop();
  });

  /** /start: the keypad message. */
  async function open(userId: number): Promise<Message> {
    emu.control.sendMessage({ userId, text: '/start' });
    return emu.control.waitForBotMessage(userId);
  }

  /** Presses a key on the message and waits until the bot has answered the callback query; the message after. */
  async function tap(userId: number, messageId: number, key: Key): Promise<Message> {
    const press = emu.control.pressButton({ userId, messageId, text: KEY_LABELS[key] });
    await emu.control.waitFor((e) => e.type === 'callback_answer' && e.callback_query_id === press.callbackQueryId, { after: press.seq });
    expect(emu.control.callbackAnswer(press.callbackQueryId)).not.toBeNull();
    return emu.control.messages(userId).find((m) => m.message_id === messageId)!;
  }

  it('registers the webhook with the update types it handles (deliveries carry the secret, or they would get 401)', () => {
    const info = emu.control.webhookInfo();
    expect(info.url).toBe(calc.webhookUrl);
    expect(info.allowed_updates).toEqual(['message', 'callback_query']);
  });

  it('12 + 3 × 2 = 30, evaluated left to right in one message edited in place', async () => {
    const keypad = await open(ANNA.id);
    expect(keypad.text).toBe('0');
    expect(keypad.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      'C',
      '⌫',
      '±',
      '÷',
      '7',
      '8',
      '9',
      '×',
      '4',
      '5',
      '6',
      '−',
      '1',
      '2',
      '3',
      '+',
      '0',
      '.',
      '=',
    ]);
    const start = emu.control.lastSeq;

    const shown: string[] = [];
    for (const key of ['1', '2', '+', '3', '*', '2', '='] as Key[]) shown.push((await tap(ANNA.id, keypad.message_id, key)).text!);
    expect(shown).toEqual(['1', '12', '12 +', '12 + 3', '15 ×', '15 × 2', '= 30']);

    const history = emu.control.history(ANNA.id);
    const out = history.messages.filter((m) => m.direction === 'out');
    expect(out).toHaveLength(1); // one message, edited in place
    expect(out[0].message.text).toBe('= 30');
    expect(out[0].edits.map((e) => e.text)).toEqual(['0', '1', '12', '12 +', '12 + 3', '15 ×', '15 × 2']);
    // the state lives in the message: every button carries it
    const buttons = out[0].message.reply_markup!.inline_keyboard.flat();
    expect(buttons.every((b) => b.callback_data!.endsWith(':30_'))).toBe(true);
    expect(decodeState('30_')).toEqual({ kind: 'ready', acc: '30', op: null, entry: null });

    // every callback query was answered, and no Bot API call failed
    const events = emu.control.events(start);
    const queries = events.filter((e) => e.type === 'callback_query').map((e) => e.callback_query_id);
    const answers = events.filter((e) => e.type === 'callback_answer').map((e) => e.callback_query_id);
    expect(queries).toHaveLength(7);
    expect(answers.sort()).toEqual([...queries].sort());
    expect(events.filter((e) => e.type === 'api_error' || e.type === 'webhook_error')).toEqual([]);
  });

  it('does not edit when the display would not change, but still answers', async () => {
    const keypad = await open(ANNA.id);
    const start = emu.control.lastSeq;
    for (const key of ['=', 'B', '0', 'C'] as Key[]) expect((await tap(ANNA.id, keypad.message_id, key)).text).toBe('0');
    expect((await tap(ANNA.id, keypad.message_id, '5')).text).toBe('5');
    const events = emu.control.events(start);
    expect(events.filter((e) => e.type === 'callback_answer')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'message_edited')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'api_error')).toEqual([]); // no "message is not modified"
  });

  it('division by zero shows a clear message in the user language; C starts over', async () => {
    const ru = await open(IVAN.id);
    for (const key of ['7', '/', '0'] as Key[]) await tap(IVAN.id, ru.message_id, key);
    expect((await tap(IVAN.id, ru.message_id, '=')).text).toBe(MESSAGES.ru.divisionByZero);
    expect(MESSAGES.ru.divisionByZero).toContain('Деление на ноль');
    expect((await tap(IVAN.id, ru.message_id, '+')).text).toBe(MESSAGES.ru.divisionByZero); // ignored until a restart
    expect((await tap(IVAN.id, ru.message_id, 'C')).text).toBe('0');

    const en = await open(ANNA.id);
    for (const key of ['1', '/', '0'] as Key[]) await tap(ANNA.id, en.message_id, key);
    const failed = await tap(ANNA.id, en.message_id, '=');
    expect(failed.text).toContain('Division by zero');
    expect(failed.reply_markup!.inline_keyboard.flat()[0].callback_data).toBe('C:!z');
  });

  it('overflow shows a clear message', async () => {
    const keypad = await open(ANNA.id);
    for (const key of [...'999999999999999', '*', '9'] as Key[]) await tap(ANNA.id, keypad.message_id, key);
    expect((await tap(ANNA.id, keypad.message_id, '=')).text).toContain('Overflow');
  });

  it('answers 401 to a missing or wrong secret header, before Telegraf sees the request', async () => {
    const update = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: ANNA.id, type: 'private' }, from: { ...ANNA, is_bot: false }, text: '/start' },
    });
    const before = emu.control.messages(ANNA.id).length;
    const post = (headers: Record<string, string>, body = update) =>
      fetch(calc.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` })).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET.slice(0, -1) })).status).toBe(401);
    expect((await fetch(calc.webhookUrl, { headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).status).toBe(405);
    expect(
      (await fetch(calc.webhookUrl.replace('/hook', '/other'), { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, body: update }))
        .status,
    ).toBe(404);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET }, '{not json')).status).toBe(415);
    expect((await fetch(calc.webhookUrl.replace('/calculator/hook', '/healthz'))).status).toBe(200);
    expect(emu.control.messages(ANNA.id)).toHaveLength(before); // nothing was handled
  });

  it('keeps no state in memory: another instance continues a calculation started by the first', async () => {
    const keypad = await open(ANNA.id);
    for (const key of ['4', '0', '-'] as Key[]) await tap(ANNA.id, keypad.message_id, key);
    await calc.stop();
    await expect(fetch(calc.webhookUrl.replace('/calculator/hook', '/healthz'))).rejects.toThrow();
    calc = await start(); // a fresh process: new server, new port, setWebhook again
    expect(emu.control.webhookInfo().url).toBe(calc.webhookUrl);
    for (const key of ['2', 'N'] as Key[]) await tap(ANNA.id, keypad.message_id, key);
    expect((await tap(ANNA.id, keypad.message_id, '=')).text).toBe('= 42');
    expect(encodeState({ kind: 'ready', acc: '42', op: null, entry: null })).toBe('42_');
    expect(emu.control.webhookInfo().last_error_message).toBeUndefined();
    expect(logs.filter((l) => /failed|could not/i.test(l))).toEqual([]);
  });
});
