import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Markup, Telegraf } from 'telegraf';
import { startEmulator, type RunningEmulator } from './index';
import { until } from './testing/wait';

/** The small bot both modes run: greets with an inline keyboard, edits the message on a press, echoes text. */
function buildBot(emu: RunningEmulator): Telegraf {
  const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
  bot.start((ctx) =>
    ctx.reply(`Привет, <b>${ctx.from.first_name}</b>!`, {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([Markup.button.callback('Approve', 'approve:7'), Markup.button.callback('Reject', 'reject:7')]),
    }),
  );
  bot.action(/^(approve|reject):(\d+)$/, async (ctx) => {
    await ctx.answerCbQuery(ctx.match[1] === 'approve' ? 'Approved' : 'Rejected');
    await ctx.editMessageText(`Request ${ctx.match[2]}: ${ctx.match[1]}d`);
  });
  bot.on('text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }));
  return bot;
}

describe('telegraf against the emulator', () => {
  let emu: RunningEmulator;
  const ANNA = { id: 5001, first_name: 'Анна', last_name: 'Иванова', language_code: 'ru' };

  beforeAll(async () => {
    emu = await startEmulator({ users: [ANNA], botUsername: 'telegraf_test_bot', webhookRetryBaseMs: 50 });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control.reset());

  async function converse(): Promise<void> {
    emu.control.sendMessage({ userId: ANNA.id, text: '/start' });
    const greeting = await emu.control.waitForBotMessage(ANNA.id);
    expect(greeting.text).toBe('Привет, Анна!');
    expect(greeting.entities).toEqual([{ type: 'bold', offset: 8, length: 4 }]);
    expect(greeting.reply_markup?.inline_keyboard[0].map((b) => b.callback_data)).toEqual(['approve:7', 'reject:7']);

    const press = emu.control.pressButton({ userId: ANNA.id, messageId: greeting.message_id, data: 'approve:7' });
    const edited = await emu.control.waitForEdit(ANNA.id, { messageId: greeting.message_id });
    expect(edited.text).toBe('Request 7: approved');
    expect(edited.reply_markup).toBeUndefined();
    await emu.control.waitFor((e) => e.type === 'callback_answer' && e.callback_query_id === press.callbackQueryId, { after: press.seq });
    expect(emu.control.callbackAnswer(press.callbackQueryId)).toEqual(expect.objectContaining({ text: 'Approved', show_alert: false }));

    const question = emu.control.sendMessage({ userId: ANNA.id, text: 'как дела?' });
    const echo = await emu.control.waitForBotMessage(ANNA.id);
    expect(echo.text).toBe('echo: как дела?');
    expect(echo.reply_to_message?.message_id).toBe(question.message.message_id);

    const history = emu.control.history(ANNA.id);
    expect(history.messages.map((m) => [m.direction, m.message.text])).toEqual([
      ['in', '/start'],
      ['out', 'Request 7: approved'],
      ['in', 'как дела?'],
      ['out', 'echo: как дела?'],
    ]);
    expect(history.messages[1].edits.map((e) => e.text)).toEqual(['Привет, Анна!']);
  }

  it('polling mode: bot.launch() (getMe, deleteWebhook, getUpdates timeout 50 + offset)', async () => {
    const bot = buildBot(emu);
    const running = bot.launch();
    try {
      await converse();
    } finally {
      bot.stop('test over');
      await running;
    }
    // telegraf confirmed everything it processed (offset sync on stop)
    expect(emu.control.pendingUpdates()).toEqual([]);
    expect(emu.control.webhookInfo().url).toBe('');
  });

  it('webhook mode: bot.createWebhook with a secret token behind a node:http server', async () => {
    const bot = buildBot(emu);
    let handler: http.RequestListener = (_req, res) => res.end();
    const requests: Array<{ secret?: string; path?: string }> = [];
    const server = http.createServer((req, res) => {
      requests.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, path: req.url });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const hook = await bot.createWebhook({ domain: `127.0.0.1:${port}`, path: '/telegram/hook', secret_token: 'hook_secret_1' });
      handler = (req, res) => void hook(req, res);
      // telegraf always registers https://…; the emulator delivers it over plain http locally
      expect(emu.control.webhookInfo().url).toBe(`https://127.0.0.1:${port}/telegram/hook`);
      await converse();
      expect(requests.length).toBeGreaterThanOrEqual(3);
      expect(requests.every((r) => r.secret === 'hook_secret_1' && r.path === '/telegram/hook')).toBe(true);
      // answerCbQuery went back in the webhook response body (telegraf's webhookReply) and was executed
      expect(emu.control.events().some((e) => e.type === 'callback_answer')).toBe(true);
      await until(() => emu.control.webhookInfo().pending_update_count === 0, 4000, 'webhook queue drained');
      expect(emu.control.webhookInfo().last_error_message).toBeUndefined();
    } finally {
      await bot.telegram.deleteWebhook();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
