import type { Context, Telegraf } from 'telegraf';
import { actorOf } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import type { Language } from '../shared/i18n';
import { langOf } from '../shared/language';
import { editInPlace } from '../shared/screen';
import type { DirectoryApi } from './directory.api';
import { t } from './directory.i18n';
import { registerDirectoryPrivacy } from './directory.privacy';
import { cardView, DIRECTORY_CALLBACK, inlineArticle, reportsView, resultsView, usageView, WHO_PAYLOAD } from './directory.views';

export interface DirectoryDeps {
  api: DirectoryApi;
}

/** Cards shared from inline mode: the first few matches (each a card request). */
const INLINE_RESULTS = 5;

/**
 * The employee directory in the bot: `/who <name>` (one match: the card; more:
 * a list to pick from), the card with buttons to the line manager, the
 * direct reports and the vCard, `/start who_<id>` (a shared card's link),
 * and inline mode - `@bot name` in any chat answers cards to share, showing
 * only what every colleague may see. Search and privacy are the API's: the
 * bot renders what it answers. `/privacy`: one's own flags and photo.
 *
 * Register before the generic /start handler: it takes the who_ payload.
 */
export function registerDirectory(bot: Telegraf, deps: DirectoryDeps) {
  const { api } = deps;
  registerDirectoryPrivacy(bot, api);

  const showCard = async (ctx: Context, lang: Language, employeeId: string) => {
    const view = cardView(lang, await api.card(employeeId, actorOf(ctx).telegramUserId));
    await editInPlace(ctx, view.text, view.keyboard);
  };

  bot.start(async (ctx, next) => {
    const m = WHO_PAYLOAD.exec(ctx.payload ?? '');
    if (!m) return next();
    const lang = langOf(ctx);
    try {
      await showCard(ctx, lang, m[1]);
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.problem.status !== 404) throw e;
      await ctx.reply(t(lang, 'directory.not_found'));
    }
  });

  bot.command('who', async (ctx) => {
    const lang = langOf(ctx);
    const query = ctx.payload.trim();
    if (!query) {
      const view = usageView(lang);
      return ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
    }
    const { items } = await api.search(query, actorOf(ctx).telegramUserId);
    if (items.length === 1) return showCard(ctx, lang, items[0].employeeId);
    const view = resultsView(lang, query, items);
    return ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });

  bot.action(DIRECTORY_CALLBACK, async (ctx) => {
    const lang = langOf(ctx);
    const [, action, employeeId] = ctx.match;
    const viewer = actorOf(ctx).telegramUserId;
    try {
      if (action === 'c') {
        await showCard(ctx, lang, employeeId);
        return ctx.answerCbQuery();
      }
      if (action === 'r') {
        const view = reportsView(lang, await api.card(employeeId, viewer));
        await editInPlace(ctx, view.text, view.keyboard);
        return ctx.answerCbQuery();
      }
      const vcard = await api.vcard(employeeId, viewer);
      await ctx.answerCbQuery();
      await ctx.replyWithDocument({ source: Buffer.from(vcard, 'utf8'), filename: `${employeeId}.vcf` });
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.problem.status !== 404) throw e;
      await ctx.answerCbQuery(t(lang, 'directory.not_found'), { show_alert: true }).catch(() => undefined);
    }
  });

  bot.on('inline_query', async (ctx) => {
    const lang = langOf(ctx);
    const query = ctx.inlineQuery.query.trim();
    const viewer = actorOf(ctx).telegramUserId;
    if (query.length < 2) return ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
    const { items } = await api.search(query, viewer, INLINE_RESULTS);
    const cards = await Promise.all(items.map((p) => api.card(p.employeeId, viewer, true).catch(() => null)));
    const articles = cards.filter((c) => c !== null).map((c) => inlineArticle(lang, c, ctx.botInfo?.username));
    return ctx.answerInlineQuery(articles, { cache_time: 5, is_personal: true });
  });
}
