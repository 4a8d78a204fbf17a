import type { Context, Telegraf } from 'telegraf';
import type { BotStateApi } from './bot-state.api';
import { callbackData } from './escape';
import { resolveLanguage, t, telegramLanguage, type Language } from './i18n';
import { sessionOf } from './conversation/session';
import { editInPlace } from './screen';

/** The deployment's language for users who chose none and whose Telegram client names none the bot speaks. */
export const DEFAULT_LANGUAGE: Language = 'ru';

/**
 * The language of this update (resolveLanguage, the same as for notifications): the user's choice (/language, stored
 * through the API and loaded with the update's claim), else Telegram's language_code, else the deployment's default.
 */
export function langOf(ctx: Context): Language {
  const session = sessionOf(ctx);
  return resolveLanguage(session.language, telegramLanguage(ctx.from?.language_code), session.defaultLanguage ?? DEFAULT_LANGUAGE);
}

export const LANGUAGE_CALLBACK = /^lang:(ru|en|auto)$/;

/** `/language`: buttons to choose Russian, English, or the Telegram client's language; the choice is kept per user. */
export function registerLanguage(bot: Telegraf, api: Pick<BotStateApi, 'putUserSettings'>) {
  const keyboard = (lang: Language) => ({
    inline_keyboard: [
      [
        { text: 'Русский', callback_data: callbackData('lang:ru') },
        { text: 'English', callback_data: callbackData('lang:en') },
      ],
      [{ text: t(lang, 'language.auto'), callback_data: callbackData('lang:auto') }],
    ],
  });
  bot.command('language', async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(t(lang, 'language.choose', { current: t(lang, 'language.name') }), { parse_mode: 'HTML', reply_markup: keyboard(lang) });
  });
  bot.action(LANGUAGE_CALLBACK, async (ctx) => {
    const choice = ctx.match[1] as Language | 'auto';
    await api.putUserSettings(ctx.from.id, choice === 'auto' ? null : choice);
    sessionOf(ctx).language = choice === 'auto' ? null : choice;
    const lang = langOf(ctx);
    await ctx.answerCbQuery(t(lang, 'language.saved', { current: t(lang, 'language.name') }));
    await editInPlace(ctx, t(lang, 'language.choose', { current: t(lang, 'language.name') }), keyboard(lang));
  });
}
