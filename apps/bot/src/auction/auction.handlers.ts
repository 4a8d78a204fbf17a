import type { Context, Telegraf } from 'telegraf';
import { ApiProblem, type ApiClient } from '../shared/api-client';
import { languageOf, money, t } from '../shared/i18n';
import { actorOf } from '../shared/actor';
import { AUCTION_CALLBACK, lotCardView, lotListView } from './auction.views';

/**
 * Auction screens. Stateless by construction: everything a button needs is
 * in its callback data, everything shown comes from the API, and a bid's
 * idempotency key is derived from the callback query id, so a redelivered
 * update places the bid once.
 */
export function registerAuction(bot: Telegraf, api: ApiClient, clock: () => Date = () => new Date()) {
  bot.command('lots', async (ctx) => {
    const lang = languageOf(ctx.from?.language_code);
    const { items } = await api.listLots({ status: 'open', limit: 10 });
    const view = lotListView(lang, items);
    await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });

  bot.action(AUCTION_CALLBACK, async (ctx) => {
    const lang = languageOf(ctx.from?.language_code);
    const [, action, lotId, amount] = ctx.match;
    try {
      if (action === 'l') {
        const { items } = await api.listLots({ status: 'open', limit: 10 });
        const view = lotListView(lang, items);
        await ctx.answerCbQuery();
        await editInPlace(ctx, view.text, view.keyboard);
        return;
      }
      let waitFor: string | undefined;
      if (action === 'b') {
        const actor = actorOf(ctx).employeeId;
        const result = await api.placeBid(lotId, Number(amount), actor, `tg-cb-${ctx.callbackQuery.id}`);
        waitFor = result.position;
        await ctx.answerCbQuery(t(lang, 'bid.accepted', { price: money(lang, Number(amount)) }));
      } else await ctx.answerCbQuery();
      const view = lotCardView(lang, await api.getLot(lotId, waitFor), clock());
      await editInPlace(ctx, view.text, view.keyboard);
    } catch (e) {
      await answerProblem(ctx, lang, e);
      if (e instanceof ApiProblem && action === 'b' && e.problem.status !== 404) {
        const view = lotCardView(lang, await api.getLot(lotId), clock());
        await editInPlace(ctx, view.text, view.keyboard);
      }
    }
  });
}

async function editInPlace(ctx: Context, text: string, keyboard: { inline_keyboard: unknown[] }) {
  const message = ctx.callbackQuery?.message;
  if (message && 'text' in message && message.text === stripTags(text) && sameKeyboard(message, keyboard)) return; // "message is not modified"
  await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard as never });
}

function sameKeyboard(message: object, keyboard: { inline_keyboard: unknown[] }) {
  return JSON.stringify((message as { reply_markup?: unknown }).reply_markup ?? { inline_keyboard: [] }) === JSON.stringify(keyboard);
}

function stripTags(htmlText: string) {
  return htmlText.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Always answers the callback query, with the API's reason when there is one. */
async function answerProblem(ctx: Context, lang: 'ru' | 'en', e: unknown) {
  let text = t(lang, 'error.generic');
  if (e instanceof ApiProblem) {
    if (e.problem.code === 'auction.bid_too_low' && typeof e.problem.minimum === 'number') text = t(lang, 'bid.too_low', { price: money(lang, e.problem.minimum) });
    else if (e.problem.status === 404) text = t(lang, 'error.not_found');
    else if (e.problem.status < 500) text = t(lang, 'bid.rejected', { reason: e.problem.title });
  }
  await ctx.answerCbQuery(text.slice(0, 200), { show_alert: false }).catch(() => undefined);
}
