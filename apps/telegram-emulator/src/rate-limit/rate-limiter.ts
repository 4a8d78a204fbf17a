import type { Clock } from '../core/clock';
import { tooManyRequests } from '../core/errors';

export interface WindowLimit {
  /** Maximum number of messages within the window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  /** Flood limits are off by default (tests switch them on). */
  enabled: boolean;
  /** Private chats: ~1 message per second. */
  perChat: WindowLimit;
  /** Groups and supergroups: 20 messages per minute. */
  perGroup: WindowLimit;
  /** All chats together: ~30 messages per second. */
  global: WindowLimit;
  /** Methods counted by the limits (lower-case); default: the send* family, copyMessage and forwardMessage. */
  methods: string[];
}

export interface InjectionRequest {
  /** How many upcoming responses are replaced with 429. */
  count: number;
  /** retry_after in seconds; default 1. */
  retryAfter?: number;
  /** Only these methods (case-insensitive); default every method except getUpdates. */
  methods?: string[];
}

export const SEND_METHODS = [
  'sendmessage',
  'sendphoto',
  'senddocument',
  'sendaudio',
  'sendvideo',
  'sendanimation',
  'sendvoice',
  'sendvideonote',
  'sendsticker',
  'sendmediagroup',
  'sendlocation',
  'sendvenue',
  'sendcontact',
  'sendpoll',
  'senddice',
  'copymessage',
  'forwardmessage',
  'copymessages',
  'forwardmessages',
];

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  enabled: false,
  perChat: { limit: 1, windowMs: 1000 },
  perGroup: { limit: 20, windowMs: 60_000 },
  global: { limit: 30, windowMs: 1000 },
  methods: SEND_METHODS,
};

interface Injection {
  remaining: number;
  retryAfter: number;
  methods?: string[];
}

/** Telegram-like flood control: injected 429s plus optional sliding-window limits per chat, per group and global. */
export class RateLimiter {
  private config: RateLimitConfig;
  private injections: Injection[] = [];
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    config: Partial<RateLimitConfig> = {},
  ) {
    this.config = mergeConfig(DEFAULT_RATE_LIMITS, config);
  }

  get settings(): RateLimitConfig {
    return structuredClone(this.config);
  }

  get pendingInjections(): number {
    return this.injections.reduce((sum, i) => sum + i.remaining, 0);
  }

  configure(patch: Partial<RateLimitConfig>): RateLimitConfig {
    this.config = mergeConfig(this.config, patch);
    this.windows.clear();
    return this.settings;
  }

  inject(request: InjectionRequest): void {
    if (!Number.isInteger(request.count) || request.count < 0) throw new Error('count must be a non-negative integer');
    this.injections.push({
      remaining: request.count,
      retryAfter: Math.max(1, Math.round(request.retryAfter ?? 1)),
      methods: request.methods?.map((m) => m.toLowerCase()),
    });
  }

  reset(): void {
    this.injections = [];
    this.windows.clear();
    this.config = mergeConfig(DEFAULT_RATE_LIMITS, {});
  }

  /** Consumes an injected 429 for this method, if any (checked for every Bot API call). */
  consumeInjection(method: string): void {
    const name = method.toLowerCase();
    const injection = this.injections.find((i) => i.remaining > 0 && (i.methods ? i.methods.includes(name) : name !== 'getupdates'));
    if (!injection) return;
    injection.remaining--;
    this.injections = this.injections.filter((i) => i.remaining > 0);
    throw tooManyRequests(injection.retryAfter);
  }

  /**
   * Flood limits for a message sent to `chat`: throws the 429 ApiError (with the right retry_after) when a window is
   * full, otherwise records the message. Private chats use `perChat`, groups `perGroup`; all use `global`.
   */
  checkLimits(method: string, chat?: { id: number; type: string }): void {
    const name = method.toLowerCase();
    if (!this.config.enabled || !this.config.methods.includes(name)) return;
    const now = this.clock.now();
    const checks: Array<{ key: string; limit: WindowLimit }> = [{ key: 'global', limit: this.config.global }];
    if (chat) {
      const isGroup = chat.type === 'group' || chat.type === 'supergroup' || chat.type === 'channel';
      checks.push({ key: `chat:${chat.id}`, limit: isGroup ? this.config.perGroup : this.config.perChat });
    }
    let retryAfterMs = 0;
    for (const { key, limit } of checks) {
      const stamps = this.prune(key, now, limit.windowMs);
      if (stamps.length >= limit.limit) retryAfterMs = Math.max(retryAfterMs, stamps[0] + limit.windowMs - now);
    }
    if (retryAfterMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    for (const { key } of checks) this.windows.get(key)?.push(now);
  }

  private prune(key: string, now: number, windowMs: number): number[] {
    const stamps = this.windows.get(key) ?? [];
    const kept = stamps.filter((t) => t > now - windowMs);
    this.windows.set(key, kept);
    return kept;
  }
}

function mergeConfig(base: RateLimitConfig, patch: Partial<RateLimitConfig>): RateLimitConfig {
  return {
    enabled: patch.enabled ?? base.enabled,
    perChat: { ...base.perChat, ...patch.perChat },
    perGroup: { ...base.perGroup, ...patch.perGroup },
    global: { ...base.global, ...patch.global },
    methods: (patch.methods ?? base.methods).map((m) => m.toLowerCase()),
  };
}
