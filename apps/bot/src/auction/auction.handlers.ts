import { createHash } from 'node:crypto';
import type { ConversationStateView } from '@megabot/contracts';
import type { Context, Telegraf } from 'telegraf';
import { ApiProblem } from '../shared/api-client';
import { actorOf } from '../shared/actor';
import { messageKey, type Conversations, type ConversationStore } from '../shared/conversation';
import type { FeatureSwitchCache } from '../shared/feature-switches';
import { money } from '../shared/i18n';
import { langOf } from '../shared/language';
import { editInPlace } from '../shared/screen';
import type { AuctionApi, LotListQuery } from './auction.api';
import { newLotId, openLotFlow, setMaximumFlow } from './auction.flows';
import { t } from './auction.i18n';
import { problemText } from './auction.problems';
import {
  AUCTION_CALLBACK,
  buyNowConfirmView,
  ENDING_SOON_MINUTES,
  KIND_CYCLE,
  lotCardView,
  lotListView,
  PAGE_SIZE,
  type ListFilter,
  type ListState,
} from './auction.views';
import { callbackKey } from '../shared/update-claims';

/** The "open a lot" wizard is shown only where this switch is on (testers first). */
export const OPEN_LOT_SWITCH = 'auction.open_lot';
/** How long a list message's buttons keep their meaning. */
const MESSAGE_STATE_TTL_SECONDS = 7 * 24 * 3600;

export interface AuctionDeps {
  api: AuctionApi;
  store: ConversationStore;
  conversations: Conversations;
  switches: FeatureSwitchCache;
  clock?: () => Date;
}

interface MessageData {
  list?: ListState;
  /** The lot of a card whose id is too long for callback data. */
  lotId?: string;
}

/**
 * Auction screens: the lot list (paging, filters: kind, ending soon, my bids, my lots), the lot card (bid +step, set a
 * maximum, buy now), and the "open a lot" wizard. Everything shown comes from the API; what a list's buttons mean is
 * kept per message through the API; a flow's step per user. Every callback query is answered, screens are edited in
 * place, and commands carry idempotency keys derived from the update.
 */
export function registerAuction(bot: Telegraf, deps: AuctionDeps) {
  const { api, store, conversations, switches } = deps;
  const clock = deps.clock ?? (() => new Date());
  const maxFlow = setMaximumFlow(api);
  const openFlow = openLotFlow(api, clock, async (ctx, lotId, waitFor) => {
    const view = lotCardView(langOf(ctx), await api.getLot(lotId, waitFor, actorOf(ctx).telegramUserId), clock());
    await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });
  conversations.register(maxFlow).register(openFlow);

  const writeMessageState = async (
    chatId: number,
    messageId: number,
    step: 'list' | 'card',
    data: MessageData,
    current: ConversationStateView | null | undefined,
  ) => {
    // the same screen again ("back" to an unchanged list): what its buttons mean is already kept, unless half its time ran out
    const fresh = current && Date.parse(current.expiresAt) - Date.now() > (MESSAGE_STATE_TTL_SECONDS * 1000) / 2;
    if (fresh && current.step === step && canonical(current.data) === canonical(data)) return;
    await store.update(
      'message',
      messageKey(chatId, messageId),
      () => ({ flow: 'auction', step, data: data as Record<string, unknown>, ttlSeconds: MESSAGE_STATE_TTL_SECONDS }),
      { current },
    );
  };

  /** Renders a list page; `current` is the message's state as read (undefined: a new message). */
  const showList = async (ctx: Context, filter: ListFilter, offset: number, current?: ConversationStateView | null) => {
    const lang = langOf(ctx);
    const employee = actorOf(ctx).employeeId;
    const query = (at: number): LotListQuery => ({
      limit: PAGE_SIZE,
      offset: at,
      kind: filter.kind,
      status: filter.mine ? undefined : 'open',
      endingWithinMinutes: filter.soon ? ENDING_SOON_MINUTES : undefined,
      bidder: filter.mine === 'bids' ? employee : undefined,
      seller: filter.mine === 'lots' ? employee : undefined,
    });
    let list = await api.listLots(query(offset), actorOf(ctx).telegramUserId);
    if (!list.items.length && offset > 0) list = await api.listLots(query(0), actorOf(ctx).telegramUserId); // the page emptied since
    const view = lotListView(lang, list, filter, clock());
    const message =
      current === undefined
        ? await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard })
        : await editInPlace(ctx, view.text, view.keyboard);
    const list_: ListState = { filter, offset: list.offset, ids: list.items.map((l) => l.lotId) };
    await writeMessageState(ctx.chat!.id, message.message_id, 'list', { list: list_ }, current === undefined ? null : current);
  };

  const showCard = async (ctx: Context, lotId: string, waitFor?: string) => {
    const view = lotCardView(langOf(ctx), await api.getLot(lotId, waitFor, actorOf(ctx).telegramUserId), clock());
    await editInPlace(ctx, view.text, view.keyboard);
  };

  bot.command('lots', (ctx) => showList(ctx, {}, 0));
  bot.command('mybids', (ctx) => showList(ctx, { mine: 'bids' }, 0));
  bot.command('mylots', (ctx) => showList(ctx, { mine: 'lots' }, 0));
  bot.command('newlot', async (ctx, next) => {
    if (!(await switches.isOn(ctx, OPEN_LOT_SWITCH))) return next(); // hidden: as if there were no such command
    await conversations.start(ctx, openFlow, { lotId: newLotId() });
  });

  bot.action(AUCTION_CALLBACK, async (ctx) => {
    const lang = langOf(ctx);
    const [, action, ref, amount] = ctx.match;
    const message = ctx.callbackQuery.message!;
    let answered = false;
    const answer = async (text?: string) => {
      answered = true;
      await ctx.answerCbQuery(text?.slice(0, 200));
    };
    let state: ConversationStateView | null | undefined;
    const readState = async () => (state ??= await conversations.message(ctx)); // loaded with the claim
    const dataOf = (s: ConversationStateView | null | undefined) => (s?.data ?? {}) as MessageData;
    /** The lot a card button means: in the data itself, or (`~`, a long id) in the message's state. */
    const lotOf = async (r: string) => (r === '~' ? dataOf(await readState()).lotId : r);
    let lotId: string | undefined;
    /** A card button whose lot this message no longer knows: the list it came from is shown again (a new message). */
    const stale = async () => {
      await answer(t(lang, 'flow.stale'));
      const list = dataOf(await readState()).list;
      await showList(ctx, list?.filter ?? {}, list?.offset ?? 0);
    };
    try {
      switch (action) {
        case 'l': {
          const list = dataOf(await readState()).list;
          await answer();
          return await showList(ctx, list?.filter ?? {}, list?.offset ?? 0, state);
        }
        case 'f':
        case 'p': {
          const list = dataOf(await readState()).list ?? { filter: {}, offset: 0, ids: [] };
          await answer();
          if (action === 'p') return await showList(ctx, list.filter, Number(ref) || 0, state);
          return await showList(ctx, toggle(list.filter, ref), 0, state);
        }
        case 'o': {
          const data = dataOf(await readState());
          lotId = data.list?.ids[Number(ref)];
          if (!lotId) {
            await answer(t(lang, 'flow.stale'));
            return await showList(ctx, data.list?.filter ?? {}, data.list?.offset ?? 0, state);
          }
          await answer();
          if (lotId.length > 48) await writeMessageState(message.chat.id, message.message_id, 'card', { ...data, lotId }, state);
          return await showCard(ctx, lotId);
        }
        case 'c': {
          lotId = await lotOf(ref);
          if (!lotId) return await stale();
          await answer();
          return await showCard(ctx, lotId);
        }
        case 'b': {
          lotId = await lotOf(ref);
          if (!lotId) return await stale();
          const result = await api.placeBid(lotId, Number(amount), actorOf(ctx).telegramUserId, bidKey(ctx, lotId, amount));
          // a double tap: the other press placed this very bid, answers it and shows the card (one edit); this press is
          // answered empty
          if (result.duplicate) return;
          await answer(t(lang, result.leading === false ? 'bid.accepted_outbid' : 'bid.accepted', { price: money(lang, Number(amount)) }));
          return await showCard(ctx, lotId, result.position);
        }
        case 'm': {
          lotId = await lotOf(ref);
          if (!lotId) return await stale();
          const lot = await api.getLot(lotId, undefined, actorOf(ctx).telegramUserId);
          if (lot.minimumBid === null || lot.status !== 'open') {
            await answer(t(lang, 'problem.ended'));
            return await showCard(ctx, lotId);
          }
          await answer();
          return await conversations.start(ctx, maxFlow, { lotId, title: lot.title, minimum: lot.minimumBid, currency: lot.currency });
        }
        case 'n': {
          lotId = await lotOf(ref);
          if (!lotId) return await stale();
          const lot = await api.getLot(lotId, undefined, actorOf(ctx).telegramUserId);
          if (lot.buyNowPrice === null) {
            await answer(t(lang, 'problem.buy_now_unavailable'));
            return await showCard(ctx, lotId);
          }
          await answer();
          const view = buyNowConfirmView(lang, lot);
          return void (await editInPlace(ctx, view.text, view.keyboard));
        }
        case 'y': {
          lotId = await lotOf(ref);
          if (!lotId) return await stale();
          const result = await api.buyNow(lotId, actorOf(ctx).telegramUserId, callbackKey(ctx));
          await answer(t(lang, 'buy_now.done'));
          return await showCard(ctx, lotId, result.position);
        }
      }
    } catch (e) {
      const text = problemText(lang, e);
      if (answered) await ctx.reply(text).catch(() => undefined);
      else await ctx.answerCbQuery(text.slice(0, 200)).catch(() => undefined);
      // a refused bid or purchase: show the lot as it is now (the new minimum, the new price)
      if (lotId && (action === 'b' || action === 'y') && e instanceof ApiProblem && e.problem.status !== 404) {
        await showCard(ctx, lotId).catch(() => undefined);
      }
    }
  });
}

/** JSON with object keys sorted (the API keeps data as jsonb, which orders keys its own way). */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/**
 * Idempotency key of a bid from a card's button: this bot, the message, the lot and the amount, so that a double tap on
 * "Bid" is one command (the second press gets the first's result as a duplicate instead of a refusal). A bid of the
 * same amount on the same lot could only be refused anyway: a lot's minimum only rises.
 */
function bidKey(ctx: Context, lotId: string, amount: string): string {
  const message = ctx.callbackQuery?.message;
  const what = `${ctx.botInfo?.id ?? 0}:${message?.chat.id}:${message?.message_id}:${lotId}:${amount}`;
  return `tg-bid-${createHash('sha256').update(what).digest('base64url').slice(0, 40)}`;
}

function toggle(filter: ListFilter, what: string): ListFilter {
  switch (what) {
    case 'k':
      return { ...filter, kind: KIND_CYCLE[(KIND_CYCLE.indexOf(filter.kind) + 1) % KIND_CYCLE.length] };
    case 's':
      return { ...filter, soon: !filter.soon };
    case 'b':
      return { ...filter, mine: filter.mine === 'bids' ? undefined : 'bids' };
    case 'm':
      return { ...filter, mine: filter.mine === 'lots' ? undefined : 'lots' };
    default:
      return filter;
  }
}
