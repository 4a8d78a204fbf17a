import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TelegramIdentityView } from '../identity/offboarding';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/* ------------------------------------------------------------ conversations */

/** Per-user state (a flow and its step) or per-message state (what the inline keyboard of a message means). */
export const CONVERSATION_SCOPES = ['user', 'message'] as const;
export type ConversationScope = (typeof CONVERSATION_SCOPES)[number];
/** A conversation key: the bot composes it, e.g. `<chat id>:<user id>` or `<chat id>:<message id>`. */
export const CONVERSATION_KEY = /^[A-Za-z0-9:_-]{1,128}$/;
/** The serialized `data` of one state may not exceed this (it is small on purpose: a step, a lot id, a page). */
export const CONVERSATION_DATA_MAX_BYTES = 8192;
export const CONVERSATION_TTL_MAX_SECONDS = 30 * 24 * 3600;

export interface ConversationStateView {
  scope: ConversationScope;
  key: string;
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /** Optimistic concurrency: pass it as `expectedVersion` to change or delete the state. */
  version: number;
  expiresAt: string;
  updatedAt: string;
}

export class PutConversationDto {
  @ApiProperty({ example: 'auction.max' }) @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/) flow!: string;
  @ApiProperty({ example: 'amount' }) @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/) step!: string;
  @ApiProperty({ description: `Small JSON object (at most ${CONVERSATION_DATA_MAX_BYTES} bytes serialized)`, example: { lotId: 'bike' } })
  @IsObject()
  data!: Record<string, unknown>;
  @ApiProperty({ description: 'The version read (0: there is none, or it expired). A different current version answers 409', example: 0 })
  @IsInt()
  @Min(0)
  expectedVersion!: number;
  @ApiProperty({ description: 'The state expires (reads as absent) this long after the write', example: 900 })
  @IsInt()
  @Min(1)
  @Max(CONVERSATION_TTL_MAX_SECONDS)
  ttlSeconds!: number;
}

/* ----------------------------------------------------------- user settings */

export const BOT_LANGUAGES = ['ru', 'en'] as const;
export type BotLanguage = (typeof BOT_LANGUAGES)[number];

export interface BotUserSettingsView {
  telegramUserId: number;
  /** Chosen with /language; null: follow the Telegram client's language. */
  language: BotLanguage | null;
}

export class PutBotUserSettingsDto {
  @ApiPropertyOptional({ enum: BOT_LANGUAGES, nullable: true, description: 'null: follow the Telegram client language' })
  @IsOptional()
  @IsIn(BOT_LANGUAGES)
  language?: BotLanguage | null;
}

/**
 * What a bot instance needs at the start of every update, in one round trip with the claim: whether this delivery
 * is the first, who the user is (the employee and roles, from the API's identity cache), their language choice, their
 * conversation state (and a flow that timed out since their last update), and the state of the pressed message.
 */
export class ClaimUpdateDto {
  @ApiPropertyOptional({ description: "The bot's id (getMe): claims are kept per bot, so bots sharing one API never collide (default: X-Bot-Id, else 0)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  botId?: number;
  @ApiPropertyOptional({ description: 'Telegram user id of the update (to load their settings)' }) @IsOptional() @IsInt() @Min(1) userId?: number;
  @ApiPropertyOptional({ description: "The user's conversation key (to load their conversation state)" })
  @IsOptional()
  @Matches(CONVERSATION_KEY)
  conversationKey?: string;
  @ApiPropertyOptional({ enum: BOT_LANGUAGES, description: "The user's Telegram client language (ru or en; recorded for messages the bot sends on its own)" })
  @IsOptional()
  @IsIn(BOT_LANGUAGES)
  telegramLanguage?: BotLanguage;
  @ApiPropertyOptional({ description: "The pressed message's conversation key (to load what its buttons mean)" })
  @IsOptional()
  @Matches(CONVERSATION_KEY)
  messageKey?: string;
}

/** Updates the bot handled: their claims are settled (see the claim's lease). */
export class HandledUpdatesDto {
  @ApiProperty({ type: [Number], description: 'Telegram update_ids handled (1-1000)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  updateIds!: number[];
}

export interface ClaimUpdateView {
  updateId: number;
  first: boolean;
  /**
   * Not first, and the earlier claim was not reported handled: another delivery holds it (its lease has not run out).
   * A webhook bot refuses this delivery (500) so that Telegram delivers the update again, a polling bot claims it
   * again: handled by the holder meanwhile, or taken over once the lease ran out if the holder died.
   */
  pending?: boolean;
  /** Only for a first claim that named a user. */
  settings?: BotUserSettingsView;
  /** Only for a first claim that named a conversation key; null when there is none (or it expired). */
  conversation?: ConversationStateView | null;
  /**
   * Only for a first claim that named a conversation key: the flow of that key that timed out since the user's last
   * update, answered once (the bot says so); absent when none did.
   */
  timedOut?: { flow: string; step: string };
  /** Only for a first claim that named a user: who the account acts as (an active employee bound to it); null: a stranger. */
  identity?: TelegramIdentityView | null;
  /** Only for a first claim that named a message key; null when there is none (or it expired). */
  message?: ConversationStateView | null;
}

/* --------------------------------------------------------- feature switches */

export const FEATURE_SWITCH_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A feature switch. Evaluated for an employee (with roles) on a bot of some app version; the most specific rule
 * wins: the employee's own entry, then their roles (on if any of them is on), then the app version, then `all`.
 */
export interface FeatureSwitchView {
  name: string;
  description: string;
  /** For everyone without a more specific rule. */
  all: boolean;
  roles: Record<string, boolean>;
  /** Per employee (the tester list). */
  users: Record<string, boolean>;
  /** Per bot app version: an exact version or a prefix ending in "." or "*" ("0.2." / "0.2.*"). */
  appVersions: Record<string, boolean>;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface FeatureSwitchListView {
  items: FeatureSwitchView[];
}

/** Changes some rules of a switch (creating it when absent); `null` removes a rule. */
export class PatchFeatureSwitchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) description?: string;
  @ApiPropertyOptional({ description: 'On or off for everyone without a more specific rule' }) @IsOptional() @IsBoolean() all?: boolean;
  @ApiPropertyOptional({ description: '{ "tester": true, "employee": false }; null removes an entry', example: { tester: true } })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsObject({ message: 'roles must be an object ({} for no change); null removes one entry, not the whole map' })
  roles?: Record<string, boolean | null>;
  @ApiPropertyOptional({ description: 'Per employee: { "e-anna": true }; null removes an entry', example: { 'e-anna': true } })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsObject({ message: 'users must be an object ({} for no change); null removes one entry, not the whole map' })
  users?: Record<string, boolean | null>;
  @ApiPropertyOptional({ description: 'Per bot version: { "0.2.*": true }; null removes an entry', example: { '0.2.*': true } })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsObject({ message: 'appVersions must be an object ({} for no change); null removes one entry, not the whole map' })
  appVersions?: Record<string, boolean | null>;
}

/** Whether a switch is on for an employee (pure: the bot and the API evaluate it the same way). */
export function evaluateFeatureSwitch(
  sw: Pick<FeatureSwitchView, 'all' | 'roles' | 'users' | 'appVersions'> | undefined,
  who: { employeeId?: string; roles?: readonly string[]; appVersion?: string },
): boolean {
  if (!sw) return false;
  if (who.employeeId !== undefined && typeof sw.users[who.employeeId] === 'boolean') return sw.users[who.employeeId];
  const roleValues = (who.roles ?? []).map((r) => sw.roles[r]).filter((v): v is boolean => typeof v === 'boolean');
  if (roleValues.length) return roleValues.some(Boolean);
  if (who.appVersion !== undefined) {
    // the exact version wins, then the longest matching prefix: "0.2.3" over "0.2.*" over "0."
    let best: { score: number; on: boolean } | undefined;
    for (const [pattern, on] of Object.entries(sw.appVersions)) {
      const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern.endsWith('.') ? pattern : null;
      const matches = prefix === null ? pattern === who.appVersion : who.appVersion.startsWith(prefix);
      const score = prefix === null ? Number.MAX_SAFE_INTEGER : prefix.length;
      if (matches && (!best || score > best.score)) best = { score, on };
    }
    if (best) return best.on;
  }
  return sw.all;
}

/**
 * A bot instance asks for tokens of its bot's Telegram send budget (a token bucket shared by every instance of
 * one bot: Telegram's ~30 messages/s are per bot, not per process). The instances of one deployment send the
 * same rate and burst (their BOT_SEND_RATE_PER_S).
 */
export class TakeSendBudgetDto {
  @ApiProperty({ minimum: 1, maximum: 100, description: 'Tokens wanted now (one per message)' })
  @IsInt()
  @Min(1)
  @Max(100)
  want!: number;

  @ApiProperty({ minimum: 1, maximum: 1000, description: 'Messages per second the bucket refills' })
  @IsInt()
  @Min(1)
  @Max(1000)
  ratePerS!: number;

  @ApiProperty({ minimum: 1, maximum: 100, description: 'Tokens the bucket holds at most (the largest burst)' })
  @IsInt()
  @Min(1)
  @Max(100)
  burst!: number;
}

export interface SendBudgetGrant {
  /** Tokens granted: send that many messages now (0: wait retryAfterMs). */
  granted: number;
  /** When nothing was granted: how long until the next token. */
  retryAfterMs: number;
}
