import { Telegraf } from 'telegraf';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { installSendQueue, SendQueue, useSendQueue } from './send-queue';

const USER = { id: 700010, first_name: 'Queue', label: 'queue test user', started: true };

describe('send queue against the Bot API emulator', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, users: [USER] });
  });
  afterAll(() => emu.stop());

  it('a 429 from Telegram delays the message by retry_after instead of losing it', async () => {
    const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    const retries: string[] = [];
    installSendQueue(bot.telegram, new SendQueue({ log: (m) => retries.push(m) }));
    emu.control.injectRateLimit({ count: 1, retryAfter: 1, methods: ['sendMessage'] });
    const sent = await bot.telegram.sendMessage(USER.id, 'after the pause');
    expect(sent.text).toBe('after the pause');
    expect(retries).toEqual([`429 for chat ${USER.id}: retrying in 1 s`]);
    expect(emu.control.messages(USER.id, { direction: 'out' }).map((m) => m.text)).toEqual(['after the pause']);
  });

  it('with the emulator enforcing per-chat limits, a burst is paced and every message arrives', async () => {
    const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    installSendQueue(bot.telegram, new SendQueue());
    emu.control.setRateLimits({ enabled: true });
    try {
      await Promise.all(['one', 'two', 'three'].map((t) => bot.telegram.sendMessage(USER.id, t)));
    } finally {
      emu.control.setRateLimits({ enabled: false });
    }
    expect(
      emu.control
        .messages(USER.id, { direction: 'out' })
        .map((m) => m.text)
        .slice(-3),
    ).toEqual(['one', 'two', 'three']);
  });

  it("a handler's reply (a fresh Telegram client per update) also waits out a 429 instead of failing", async () => {
    const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    const retries: string[] = [];
    const queue = new SendQueue({ log: (m) => retries.push(m) });
    useSendQueue(bot, queue);
    const failures: unknown[] = [];
    bot.on('text', (ctx) => ctx.reply(`pong: ${ctx.message.text}`));
    bot.catch((e) => void failures.push(e));
    await bot.telegram.deleteWebhook();
    void bot.launch();
    try {
      emu.control.injectRateLimit({ count: 1, retryAfter: 1, methods: ['sendMessage'] });
      emu.control.sendMessage({ userId: USER.id, text: 'ping' });
      await emu.control.waitFor((e) => e.type === 'message' && (e as { message?: { text?: string } }).message?.text === 'pong: ping', { timeoutMs: 10_000 });
    } finally {
      bot.stop();
    }
    expect(failures).toEqual([]);
    expect(retries).toEqual([`429 for chat ${USER.id}: retrying in 1 s`]);
  });
});
