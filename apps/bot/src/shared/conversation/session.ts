import type { ConversationStateView } from '@megabot/contracts';
import type { Context } from 'telegraf';
import type { Language } from '../i18n';

/** The employee a Telegram user acts as, resolved once per update (shared/actor.ts). */
export interface BotActor {
  employeeId: string;
  /** The Telegram account: what the bot names to the API, which resolves the employee itself. */
  telegramUserId: number;
  roles: string[];
  /** The user's chosen language, when they chose one. */
  language?: Language;
}

/**
 * What the bot knows about the user of this update, loaded from the API with the update's claim (one round trip):
 * who they are, their language choice, their conversation state, the pressed message's state. Lives on `ctx.state` for
 * one update only.
 */
export interface BotSession {
  /** The employee the user acts as; null: a stranger; undefined: not loaded (no claim). */
  actor?: BotActor | null;
  /** Chosen with /language; null: follow Telegram's language_code. undefined: not loaded (no claim). */
  language?: Language | null;
  /** The deployment's default language (BOT_DEFAULT_LANGUAGE), set by the bot for every update. */
  defaultLanguage?: Language;
  /** The user's conversation state in this chat; null: none; undefined: not loaded yet. */
  conversation?: ConversationStateView | null;
  /** The user's flow that timed out since their last update (told once); undefined: none. */
  timedOut?: { flow: string; step: string };
  /** The state of the pressed button's message; null: none; undefined: not loaded yet. */
  message?: ConversationStateView | null;
}

export function sessionOf(ctx: Context): BotSession {
  return ((ctx.state as { session?: BotSession }).session ??= {});
}

/** The chat of an update (a callback's message chat included). */
export function chatIdOf(ctx: Context): number | undefined {
  return ctx.chat?.id ?? ctx.callbackQuery?.message?.chat.id;
}

/** Key of the user's conversation state: per chat and user (a group chat holds one conversation per member). */
export function userKeyOf(ctx: Context): string | undefined {
  const chat = chatIdOf(ctx);
  return chat !== undefined && ctx.from ? userKey(chat, ctx.from.id) : undefined;
}

export const userKey = (chatId: number, userId: number) => `${chatId}:${userId}`;
export const messageKey = (chatId: number, messageId: number) => `${chatId}:${messageId}`;
