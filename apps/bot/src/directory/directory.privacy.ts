import { DEFAULT_DIRECTORY_PRIVACY, DIRECTORY_PRIVACY_FIELDS, type DirectoryCardView } from '@megabot/contracts';
import type { Telegraf } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { actorOf } from '../shared/actor';
import type { Language } from '../shared/i18n';
import { langOf } from '../shared/language';
import { editInPlace } from '../shared/screen';
import type { DirectoryApi } from './directory.api';
import { t } from './directory.i18n';

/** Callback data: `dp:email|telegram|photo` flips what colleagues see, `dp:rm` removes the photo. */
export const PRIVACY_CALLBACK = /^dp:(email|telegram|photo|rm)$/;
const FLAGS = DIRECTORY_PRIVACY_FIELDS;
/** A photo sent with this caption becomes the directory photo (the bot keeps no state between messages). */
const PHOTO_CAPTION = /^\/photo(@\w+)?\s*$/;

/** One's own directory card settings: what colleagues see (e-mail, Telegram contact, photo) and the photo. */
export function privacyView(lang: Language, card: DirectoryCardView): { text: string; keyboard: InlineKeyboardMarkup } {
  const privacy = card.privacy ?? DEFAULT_DIRECTORY_PRIVACY;
  const lines = [t(lang, 'directory.privacy_title')];
  for (const f of FLAGS) lines.push(t(lang, privacy[f] ? 'directory.privacy_shown' : 'directory.privacy_hidden', { field: t(lang, `directory.field_${f}`) }));
  lines.push('', t(lang, card.photo ? 'directory.photo_set' : 'directory.photo_none'), t(lang, 'directory.photo_how'));
  const rows = FLAGS.map((f) => [
    { text: t(lang, privacy[f] ? 'button.directory_hide' : 'button.directory_show', { field: t(lang, `directory.field_${f}`) }), callback_data: `dp:${f}` },
  ]);
  if (card.photo) rows.push([{ text: t(lang, 'button.directory_remove_photo'), callback_data: 'dp:rm' }]);
  return { text: lines.join('\n'), keyboard: { inline_keyboard: rows } };
}

/**
 * `/privacy`: the employee's own flags and photo, changed through the API's
 * directory routes (identity's events; the directory projection follows).
 * A photo captioned `/photo` sets the photo to its Telegram file id.
 */
export function registerDirectoryPrivacy(bot: Telegraf, api: DirectoryApi) {
  const own = (viewer: number, employeeId: string, waitFor?: string) => api.card(employeeId, viewer, false, waitFor);

  bot.command('privacy', async (ctx) => {
    const { employeeId, telegramUserId } = actorOf(ctx);
    const view = privacyView(langOf(ctx), await own(telegramUserId, employeeId));
    await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });

  bot.action(PRIVACY_CALLBACK, async (ctx) => {
    const { employeeId, telegramUserId } = actorOf(ctx);
    const action = ctx.match[1];
    const key = `tg-cb-${ctx.callbackQuery.id}`;
    let position: string;
    if (action === 'rm') position = (await api.changePhoto(employeeId, null, telegramUserId, key)).position;
    else {
      const current = (await own(telegramUserId, employeeId)).privacy ?? DEFAULT_DIRECTORY_PRIVACY;
      const flag = action as (typeof FLAGS)[number];
      position = (await api.changePrivacy(employeeId, { [flag]: !current[flag] }, telegramUserId, key)).position;
    }
    await ctx.answerCbQuery();
    const view = privacyView(langOf(ctx), await own(telegramUserId, employeeId, position));
    await editInPlace(ctx, view.text, view.keyboard);
  });

  bot.on('photo', async (ctx, next) => {
    if (!PHOTO_CAPTION.test(ctx.message.caption ?? '')) return next();
    const { employeeId, telegramUserId } = actorOf(ctx);
    const largest = ctx.message.photo.at(-1)!;
    const { position } = await api.changePhoto(employeeId, largest.file_id, telegramUserId, `tg-u-${ctx.update.update_id}`);
    const view = privacyView(langOf(ctx), await own(telegramUserId, employeeId, position));
    await ctx.reply(`${t(langOf(ctx), 'directory.photo_saved')}\n\n${view.text}`, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });
}
