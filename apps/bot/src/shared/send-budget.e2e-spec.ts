import { Telegraf } from 'telegraf';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { botIdOf } from '../bot';
import { ApiClient } from './api-client';
import { BotStateApi } from './bot-state.api';
import { SharedSendBudget } from './send-budget';
import { installSendQueue, SendQueue } from './send-queue';

const USERS = Array.from({ length: 20 }, (_, i) => ({ id: 710001 + i, first_name: `Reader ${i}`, started: true }));
const RATE = 5;

/**
 * Two instances of one bot, each pacing itself at the bot's rate, send to Telegram at once; the emulator enforces
 * a global limit a little above that rate (as Telegram does per bot). Alone, each instance keeps the rate and
 * together they break it; taking their sends from the bot's one budget in the API, together they keep it.
 */
describe("two instances of one bot share its Telegram send budget (the API's bucket, the emulator's flood control)", () => {
  let system: TestSystem;
  let emu: RunningEmulator;

  beforeAll(async () => {
    [system, emu] = await Promise.all([startTestSystem(), startEmulator({ port: 0, users: USERS })]);
    emu.control.setRateLimits({ enabled: true, global: { limit: RATE + 2, windowMs: 1000 }, perChat: { limit: 100, windowMs: 1000 } });
  });
  afterAll(async () => {
    await Promise.all([system?.close(), emu?.stop()]);
  });

  /** An instance's Telegram client: its own send queue at the bot's rate, with or without the shared budget. */
  const instance = (shared: boolean) => {
    const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    const api = new BotStateApi(new ApiClient(system.apiUrl, { credential: system.botToken, botId: botIdOf(emu.token) }));
    const budget = shared ? new SharedSendBudget((r) => api.takeSendBudget(r), { ratePerS: RATE }) : undefined;
    installSendQueue(bot.telegram, new SendQueue({ globalIntervalMs: Math.ceil(1000 / RATE), budget, log: () => undefined }));
    return bot.telegram;
  };

  /** 20 messages, 10 from each instance at once; how many Telegram refused for flood (the queue retried them). */
  const storm = async (shared: boolean, label: string) => {
    const [a, b] = [instance(shared), instance(shared)];
    await Promise.all(USERS.map((u, i) => (i % 2 ? a : b).sendMessage(u.id, `${label} ${i}`)));
    const floods = USERS.flatMap((u) => emu.control.history(u.id).events.filter((e) => e.type === 'rate_limited'));
    const arrived = USERS.filter((u) => emu.control.messages(u.id, { direction: 'out' }).some((m) => m.text?.startsWith(label)));
    return { floods: floods.length, arrived: arrived.length };
  };

  it('each pacing alone, together they exceed the limit and meet 429s (every message still arrives, late)', async () => {
    const local = await storm(false, 'local');
    expect(local.arrived).toBe(USERS.length);
    expect(local.floods).toBeGreaterThan(0);
  });

  it('on the shared budget, together they stay within it: no 429 at all, every message arrives', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // the emulator's window forgets the last storm
    const before = USERS.flatMap((u) => emu.control.history(u.id).events.filter((e) => e.type === 'rate_limited')).length;
    const shared = await storm(true, 'shared');
    expect(shared.arrived).toBe(USERS.length);
    expect(shared.floods - before).toBe(0);
  });
});
