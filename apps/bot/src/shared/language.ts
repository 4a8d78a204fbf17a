import type { Context, Telegraf } from 'telegraf';
import type { BotActor } from './actor';
import type { BotStateApi } from './bot-state.api';
import { callbackData } from './escape';
import { languageOf, t, type Language } from './i18n';
import { sessionOf } from './conversation/session';
import { editInPlace } from './screen';

/**
 * The language of this update: the user's choice (/language, stored through the API and loaded with the update's
 * claim), else the employee's language from identity, else Telegram's language_code.
 */
export function langOf(ctx: Context): Language {
  const chosen = sessionOf(ctx).language;
  if (chosen) return chosen;
  const actor = ctx.state.actor as BotActor | undefined;
  return actor?.language ?? languageOf(ctx.from?.language_code);
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
