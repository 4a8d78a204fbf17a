import { performance } from 'node:perf_hooks';
import { Telegraf, Telegram } from 'telegraf';
import { ApiClient, type ApiRequest } from '../../apps/bot/src/shared/api-client';
import { ALLOWED_UPDATES, startWebhookBot } from '../../apps/bot/src/bot.webhook';
import { botIdOf } from '../../apps/bot/src/bot';
import { SendQueue, useSendQueue } from '../../apps/bot/src/shared/send-queue';
import { startWebhookServer } from '../../apps/bot/src/shared/webhook-server';

/**
 * One bot process for `npm run bench:bot`, forked by main.ts (own event loop, as in production):
 * BENCH_BOT_KIND=real  the real bot (`startWebhookBot`: claims, conversations, auction screens over the API);
 * BENCH_BOT_KIND=trivial  the baseline: a telegraf bot with the same webhook server and send queue that answers the
 * same buttons with fixed screens and never calls the API.
 * Both put every reply through the send queue (1.05 s per chat) at BENCH_BOT_SEND_RATE sends/edits per second
 * (the bot's BOT_SEND_RATE_PER_S: 30 is Telegram's pace for one bot; a high value measures the pipeline itself).
 * The queue's turns and waits are counted. BENCH_WEBHOOK_URL registers that URL instead of the bot's own (a probe in
 * front of several bots); the ready message names the port the bot listens on.
 */
const env = process.env;
const kind = env.BENCH_BOT_KIND ?? 'real';
const token = need('BENCH_TOKEN');
const apiRoot = need('BENCH_API_ROOT');
const secretToken = need('BENCH_SECRET');
/** BENCH_BOT_LOG=1: the bot's log lines (failed updates, retries) on stderr, for the suite to count and quote. */
const log = env.BENCH_BOT_LOG ? (line: string) => console.error(`[bench-bot] ${line}`) : () => undefined;

/** Counts of send-queue turns that had to wait for a chat's pace or the global pace. */
const paceStats = { turns: 0, waitedForChat: 0, waitedForGlobal: 0 };
countSendQueueTurns();
const phases = timePhases();
const sendRatePerS = Number(env.BENCH_BOT_SEND_RATE ?? 30);

async function main() {
  const webhookUrl = ({ port }: { port: number }) => env.BENCH_WEBHOOK_URL ?? `http://127.0.0.1:${port}/telegram/hook`;
  let stop: () => Promise<void>;
  let port: number;
  if (kind === 'real') {
    // the bot service's credential: the API acts for each user's Telegram account (bound to employee tg-<id>)
    const http = new ApiClient(need('BENCH_API_URL'), { credential: need('BENCH_BOT_API_TOKEN'), botId: botIdOf(token) });
    const running = await startWebhookBot({
      token,
      apiRoot,
      apiUrl: http.baseUrl,
      http,
      // no lookupActor: as in production (main.ts), who each user is comes with the update's claim
      webhookUrl,
      secretToken,
      port: 0,
      host: '127.0.0.1',
      log,
      sendRatePerS,
    });
    stop = running.stop;
    port = running.port;
  } else {
    const bot = trivialBot();
    const hook = await startWebhookServer({
      webhookUrl,
      secretToken,
      port: 0,
      host: '127.0.0.1',
      handleUpdate: (u) => bot.handleUpdate(u as never),
      log,
    });
    bot.botInfo = await bot.telegram.getMe();
    await bot.telegram.setWebhook(hook.url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    stop = hook.stop;
    port = hook.port;
  }
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stats') process.send?.({ type: 'stats', pace: { ...paceStats }, phases, cpu: process.cpuUsage() });
  });
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.send?.({ type: 'ready', port });
}

/** Fixed screens shaped like the auction's (a list with five lot buttons and filters; a card with a back button). */
function trivialBot(): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot } });
  useSendQueue(bot, new SendQueue({ globalIntervalMs: Math.ceil(1000 / sendRatePerS), log: (m) => console.warn(`[bench-bot] ${m}`) }));
  const list = {
    text: ['<b>Open lots</b>', '', ...[1, 2, 3, 4, 5].map((i) => `${i}. Bench lot ${i} — 1 000 ₽ · 23 h left`), '', 'Page 1 of 3'].join('\n'),
    keyboard: {
      inline_keyboard: [
        ...[0, 1, 2, 3, 4].map((i) => [{ text: `${i + 1}. Bench lot ${i + 1}`, callback_data: `a:o:${i}` }]),
        [{ text: '›', callback_data: 'a:p:5' }],
        [
          { text: 'All kinds', callback_data: 'a:f:k' },
          { text: 'Ending soon', callback_data: 'a:f:s' },
        ],
      ],
    },
  };
  const card = (i: number) => ({
    text: [`<b>Bench lot ${i + 1}</b>`, '<i>Own lot</i>', '', 'Starting price: 1 000 ₽', 'Bids: 0', 'Minimum bid: 1 000 ₽', 'Closes in 23 h'].join('\n'),
    keyboard: { inline_keyboard: [[{ text: 'Bid 1 000 ₽', callback_data: `a:b:b${i}:1000` }], [{ text: '‹ Lots', callback_data: 'a:l' }]] },
  });
  bot.command('lots', (ctx) => ctx.reply(list.text, { parse_mode: 'HTML', reply_markup: list.keyboard }));
  bot.action(/^a:o:(\d)$/, async (ctx) => {
    await ctx.answerCbQuery();
    const c = card(Number(ctx.match[1]));
    await ctx.editMessageText(c.text, { parse_mode: 'HTML', reply_markup: c.keyboard });
  });
  bot.action('a:l', async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.editMessageText(list.text, { parse_mode: 'HTML', reply_markup: list.keyboard });
  });
  return bot;
}

/** Counts the send queue's turns and waits. Bench-only: it reaches into the queue's private fields. */
function countSendQueueTurns() {
  type Lane = { next: number; pausedUntil: number };
  type Internals = {
    o: { now: () => number };
    chats: Map<string, Lane>;
    global: Lane;
    turn(chatId: number | string | undefined, paced: boolean): Promise<void>;
  };
  const proto = SendQueue.prototype as unknown as Internals;
  const turn = proto.turn;
  proto.turn = function (this: Internals, chatId, paced) {
    const now = this.o.now();
    paceStats.turns++;
    const lane = chatId === undefined ? undefined : this.chats.get(String(chatId));
    if (paced && lane && lane.next > now) paceStats.waitedForChat++;
    else if (this.global.next > now) paceStats.waitedForGlobal++;
    return turn.call(this, chatId, paced);
  };
}

/**
 * Wall time the bot spends waiting on each kind of call, summed over all updates (calls overlap between updates, not
 * within one): the update claim, the identity lookup, the conversation/message state, the features' own API calls,
 * the handled reports, and the Telegram Bot API calls themselves (after the send queue's wait). Bench-only: it wraps
 * the prototypes' methods.
 */
function timePhases() {
  const phases: Record<string, { calls: number; ms: number }> = {};
  const add = (phase: string, t0: number) => {
    const p = (phases[phase] ??= { calls: 0, ms: 0 });
    p.calls++;
    p.ms += performance.now() - t0;
  };
  const phaseOf = (req: ApiRequest) =>
    /^\/bot\/updates\/\d+\/claim$/.test(req.path)
      ? 'api: claim'
      : req.path === '/bot/updates/handled'
        ? 'api: handled reports'
        : req.path.startsWith('/identity/telegram/')
          ? 'api: identity lookup'
          : req.path.startsWith('/bot/conversations/')
            ? `api: conversation and message state (${req.method ?? 'GET'})`
            : req.path.startsWith('/bot/')
              ? 'api: other bot state'
              : 'api: feature calls';
  const request = ApiClient.prototype.request;
  ApiClient.prototype.request = async function <T>(this: ApiClient, req: ApiRequest): Promise<T> {
    const t0 = performance.now();
    try {
      return (await request.call(this, req)) as T;
    } finally {
      add(phaseOf(req), t0);
    }
  } as typeof request;
  const callApi = Telegram.prototype.callApi;
  Telegram.prototype.callApi = async function (this: Telegram, ...args: Parameters<typeof callApi>) {
    const t0 = performance.now();
    try {
      return await callApi.apply(this, args);
    } finally {
      add('telegram: send', t0);
    }
  } as typeof callApi;
  return phases;
}

function need(name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

main().catch((e) => {
  console.error(`[bench-bot] ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exit(1);
});
