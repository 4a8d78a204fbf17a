import type { Telegraf } from 'telegraf';
import type { MenuButton } from 'telegraf/types';
import { SEATING_WEB_APP_PATH } from '@megabot/contracts';
import type { Language } from '../shared/i18n';
import { langOf } from '../shared/language';
import { t } from './seating.i18n';

export interface SeatingDeps {
  /** The Web App's URL (SEATING_WEB_APP_URL; default the API's SEATING_WEB_APP_PATH). */
  webAppUrl: string;
}

/** Where the Web App is served when SEATING_WEB_APP_URL names no other place: by the API itself. */
export const defaultWebAppUrl = (apiUrl: string) => `${apiUrl.replace(/\/+$/, '')}${SEATING_WEB_APP_PATH}`;

/** The chat's menu button that opens the seating plan (set once for every private chat, in the background setup). */
export const seatingMenuButton = (webAppUrl: string, lang: Language): MenuButton => ({
  type: 'web_app',
  text: t(lang, 'seating.menu_button'),
  web_app: { url: webAppUrl },
});

/**
 * /seating: a message with an inline `web_app` button that opens the
 * seating plan. Telegram allows such buttons in private chats only; in a
 * group the bot says where to ask.
 */
export function registerSeating(bot: Telegraf, deps: SeatingDeps) {
  bot.command('seating', async (ctx) => {
    const lang = langOf(ctx);
    if (ctx.chat.type !== 'private') return ctx.reply(t(lang, 'seating.private_only'));
    await ctx.reply(t(lang, 'seating.open'), {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: t(lang, 'seating.button'), web_app: { url: deps.webAppUrl } }]] },
    });
  });
}
