import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from './core/clock';
import { systemClock } from './core/clock';
import type { RateLimitConfig } from './rate-limit/rate-limiter';

/** A user known to the emulator before anyone talks to the bot (e.g. seeded employees of the app). */
export interface EmulatorUserSeed {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  /** Free text shown in the dev chat user picker, e.g. "Anna Ivanova — seeded employee". */
  label?: string;
  /** Phone number used when the user shares their contact (request_contact buttons). */
  phone_number?: string;
  /**
   * If true the user has already started the bot (a private chat exists), so the bot may message them first.
   * Real Telegram answers 403 "bot can't initiate conversation with a user" otherwise.
   */
  started?: boolean;
}

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Bot token; a random valid-looking one (`<id>:<35 chars>`) if omitted. */
  token?: string;
  /** Bot username (without @); default `emulator_bot`. */
  botUsername?: string;
  /** Bot display name; default "Emulator Bot". */
  botName?: string;
  /** Users registered at start. */
  users?: EmulatorUserSeed[];
  /** Base delay of the webhook redelivery backoff (delay = base * 2^(attempt-1), capped). Default 1000 ms. */
  webhookRetryBaseMs?: number;
  /** Maximum webhook redelivery delay. Default 60 000 ms. */
  webhookRetryMaxMs?: number;
  /** How long the emulator waits for a webhook response. Default 30 000 ms. */
  webhookTimeoutMs?: number;
  /**
   * Local bots do not have TLS: when true (default) an `https://` webhook URL is delivered over plain HTTP.
   * Telegraf's createWebhook always builds an https URL, so this keeps it usable locally.
   */
  webhookPlainHttp?: boolean;
  /** After this time answerCallbackQuery fails with "query is too old…". Default 15 000 ms. */
  callbackQueryTtlMs?: number;
  /** Bot privacy mode in groups (Telegram's default is enabled). Default true. */
  privacyMode?: boolean;
  /** update_id of the first update (random by default): two emulators given the same one send the same update ids, as two bots may see. */
  firstUpdateId?: number;
  /** Flood limits; disabled unless `enabled: true`. */
  rateLimits?: Partial<RateLimitConfig>;
  /** Ed25519 private key (PKCS#8 PEM) used to sign Web App initData; generated if omitted. */
  webAppSigningKeyPem?: string;
  /** Directory holding the dev chat files; default `apps/telegram-emulator/web`. */
  webDir?: string;
  /** Clock (tests). */
  clock?: Clock;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  token: string;
  botId: number;
  botUsername: string;
  botName: string;
  users: EmulatorUserSeed[];
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  webhookTimeoutMs: number;
  webhookPlainHttp: boolean;
  callbackQueryTtlMs: number;
  privacyMode: boolean;
  firstUpdateId?: number;
  rateLimits: Partial<RateLimitConfig>;
  webAppSigningKeyPem?: string;
  webDir?: string;
  clock: Clock;
}

export const TOKEN_PATTERN = /^(\d{1,20}):([A-Za-z0-9_-]{30,60})$/;

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random token shaped like Telegram's: `<bot id>:AA<33 url-safe chars>`. */
export function generateToken(): string {
  const id = randomInt(1_000_000_000, 8_000_000_000);
  const bytes = randomBytes(33);
  let secret = 'AA';
  for (const b of bytes) secret += TOKEN_ALPHABET[b % TOKEN_ALPHABET.length];
  return `${id}:${secret}`;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const token = options.token ?? generateToken();
  const match = TOKEN_PATTERN.exec(token);
  if (!match) {
    throw new Error(`Invalid bot token "${token}": expected "<digits>:<30-60 chars of [A-Za-z0-9_-]>"`);
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    token,
    botId: Number(match[1]),
    botUsername: options.botUsername ?? 'emulator_bot',
    botName: options.botName ?? 'Emulator Bot',
    users: options.users ?? [],
    webhookRetryBaseMs: options.webhookRetryBaseMs ?? 1000,
    webhookRetryMaxMs: options.webhookRetryMaxMs ?? 60_000,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
    webhookPlainHttp: options.webhookPlainHttp ?? true,
    callbackQueryTtlMs: options.callbackQueryTtlMs ?? 15_000,
    privacyMode: options.privacyMode ?? true,
    firstUpdateId: options.firstUpdateId,
    rateLimits: options.rateLimits ?? {},
    webAppSigningKeyPem: options.webAppSigningKeyPem,
    webDir: options.webDir,
    clock: options.clock ?? systemClock,
  };
}
