import type { Telegraf, Telegram } from 'telegraf';

/**
 * Outgoing Bot API calls that Telegram rate-limits go through here: at most
 * ~1 message/s per private chat, 20/min per group and ~30/s overall, FIFO per
 * chat, and a 429 answer pauses that chat (or everything, for calls without a
 * chat) for `retry_after` seconds before the call is retried. Callback-query
 * answers and reads are not queued: they must stay fast and are not limited.
 */
export interface SendQueueOptions {
  perChatIntervalMs?: number;
  perGroupIntervalMs?: number;
  globalIntervalMs?: number;
  maxRetries?: number;
  /** The bot's budget shared with its other instances (SharedSendBudget); without it this instance paces alone. */
  budget?: { acquire(): Promise<void> };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

/** New messages: paced per chat and overall. */
/** Telegram's pace for one bot without paid broadcasts: about 30 messages per second overall. */
export const DEFAULT_SEND_RATE_PER_S = 30;

const SENDS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendAnimation',
  'sendVideo',
  'sendAudio',
  'sendVoice',
  'sendSticker',
  'sendLocation',
  'sendContact',
  'sendPoll',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);
/** Edits in place answer a user's button press: only the global pace and 429 pauses apply, so they stay snappy. */
const EDITS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption', 'editMessageMedia']);

interface Lane {
  next: number;
  pausedUntil: number;
  /** The chat's previous call, retries included: a 429 must not let a later message overtake it. */
  tail: Promise<void>;
}

export class SendQueue {
  private readonly chats = new Map<string, Lane>();
  private readonly global: Lane = { next: 0, pausedUntil: 0, tail: Promise.resolve() };
  private readonly o: Required<Omit<SendQueueOptions, 'log' | 'budget'>> & Pick<SendQueueOptions, 'log' | 'budget'>;

  constructor(options: SendQueueOptions = {}) {
    this.o = {
      perChatIntervalMs: options.perChatIntervalMs ?? 1050, // a little over 1/s: timers may fire early
      perGroupIntervalMs: options.perGroupIntervalMs ?? 3000,
      globalIntervalMs: options.globalIntervalMs ?? 34,
      maxRetries: options.maxRetries ?? 5,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      log: options.log,
      budget: options.budget,
    };
  }

  static isLimited(method: string): boolean {
    return SENDS.has(method) || EDITS.has(method);
  }

  static isPaced(method: string): boolean {
    return SENDS.has(method);
  }

  /** Runs `call` in its chat's turn; retries after a 429 as Telegram asks. */
  async run<T>(chatId: number | string | undefined, call: () => Promise<T>, { paced = true } = {}): Promise<T> {
    if (chatId === undefined) return this.attempt(undefined, call, paced);
    const lane = this.lane(chatId);
    const previous = lane.tail;
    let done!: () => void;
    lane.tail = new Promise((r) => (done = r));
    await previous;
    try {
      return await this.attempt(chatId, call, paced);
    } finally {
      done();
    }
  }

  private async attempt<T>(chatId: number | string | undefined, call: () => Promise<T>, paced: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.turn(chatId, paced);
      try {
        return await call();
      } catch (e) {
        const retryAfter = retryAfterOf(e);
        if (retryAfter === undefined || attempt >= this.o.maxRetries) throw e;
        const until = this.o.now() + retryAfter * 1000;
        const lane = chatId === undefined ? this.global : this.lane(chatId);
        lane.pausedUntil = Math.max(lane.pausedUntil, until);
        this.o.log?.(`429 for chat ${chatId ?? '(none)'}: retrying in ${retryAfter} s`);
      }
    }
  }

  /** Reserves the earliest slot allowed by the chat's and the global limits, then waits for it. */
  private async turn(chatId: number | string | undefined, paced: boolean) {
    const now = this.o.now();
    const lane = chatId === undefined ? undefined : this.lane(chatId);
    const at = Math.max(now, this.global.next, this.global.pausedUntil, paced ? (lane?.next ?? 0) : 0, lane?.pausedUntil ?? 0);
    this.global.next = at + this.o.globalIntervalMs;
    if (lane && paced) lane.next = at + (isGroup(chatId!) ? this.o.perGroupIntervalMs : this.o.perChatIntervalMs);
    if (at > now) await this.o.sleep(at - now);
    await this.o.budget?.acquire();
  }

  private lane(chatId: number | string): Lane {
    const key = String(chatId);
    let lane = this.chats.get(key);
    if (!lane) this.chats.set(key, (lane = { next: 0, pausedUntil: 0, tail: Promise.resolve() }));
    return lane;
  }
}

/** Groups and channels have negative ids (or @usernames). */
function isGroup(chatId: number | string): boolean {
  return typeof chatId === 'string' ? chatId.startsWith('@') || chatId.startsWith('-') : chatId < 0;
}

function retryAfterOf(e: unknown): number | undefined {
  const err = e as { response?: { error_code?: number; parameters?: { retry_after?: number } } };
  if (err?.response?.error_code !== 429) return undefined;
  return err.response.parameters?.retry_after ?? 1;
}

/** Routes a telegraf client's rate-limited methods through the queue. */
const QUEUED = Symbol('send-queue');

/**
 * One queue for everything a bot sends: `bot.telegram` (notifications,
 * setup) and the Telegram client of every update - telegraf builds a fresh
 * client per update in handleUpdate, so `ctx.reply`, `editMessageText` and
 * `answerCbQuery` would otherwise bypass the limits and 429 handling.
 * Register before any other middleware.
 */
export function useSendQueue(bot: Telegraf, queue: SendQueue): void {
  installSendQueue(bot.telegram, queue);
  bot.use((ctx, next) => {
    installSendQueue(ctx.telegram, queue);
    return next();
  });
}

export function installSendQueue(telegram: Telegram, queue: SendQueue): void {
  const marked = telegram as unknown as { [QUEUED]?: true };
  if (marked[QUEUED]) return;
  marked[QUEUED] = true;
  const callApi = telegram.callApi.bind(telegram) as (method: string, payload: Record<string, unknown>, opts?: unknown) => Promise<unknown>;
  (telegram as unknown as { callApi: typeof callApi }).callApi = (method, payload, opts) =>
    SendQueue.isLimited(method)
      ? queue.run(payload?.chat_id as number | string | undefined, () => callApi(method, payload, opts), { paced: SendQueue.isPaced(method) })
      : callApi(method, payload, opts);
}
