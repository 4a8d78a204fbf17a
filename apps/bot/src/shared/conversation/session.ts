import type { ConversationStateView } from '@megabot/contracts';
import type { Context } from 'telegraf';
import type { Language } from '../i18n';

/**
 * What the bot knows about the user of this update, loaded from the API with the update's claim (one round trip):
 * their language choice and their conversation state. Lives on `ctx.state` for one update only.
 */
export interface BotSession {
  /** Chosen with /language; null: follow Telegram's language_code. undefined: not loaded (no claim). */
  language?: Language | null;
  /** The deployment's default language (BOT_DEFAULT_LANGUAGE), set by the bot for every update. */
  defaultLanguage?: Language;
  /** The user's conversation state in this chat; null: none; undefined: not loaded yet. */
  conversation?: ConversationStateView | null;
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
