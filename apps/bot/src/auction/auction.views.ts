import { lotActions, type LotDetailView, type LotKind, type LotListView, type LotSummaryView } from '@megabot/contracts';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { callbackData, html } from '../shared/escape';
import { money, type Language } from '../shared/i18n';
import { t, type AuctionMessageKey } from './auction.i18n';

/**
 * Callback data of the auction screens (all ≤ 64 bytes, checked by callbackData and by a test per keyboard):
 * `a:l` back to the list of this message, `a:o:<i>` open the i-th lot of the list, `a:f:<k|s|b|m>` toggle a filter
 * (kind, ending soon, my bids, my lots), `a:p:<offset>` page; on a card `<ref>` is the lot id when it fits (≤ 48 chars),
 * else `~` (the lot id is in the message's state): `a:c:<ref>` card, `a:b:<ref>:<amount>` bid, `a:m:<ref>` set a
 * maximum, `a:n:<ref>` buy now (asks), `a:y:<ref>` buy now (confirmed).
 */
export const AUCTION_CALLBACK = /^a:(l|o|f|p|c|b|m|n|y)(?::([A-Za-z0-9_~-]{1,48}))?(?::(\d{1,11}))?$/;

export const PAGE_SIZE = 5;
/** "Ending soon": open lots closing within this many minutes. */
export const ENDING_SOON_MINUTES = 60;
export const KIND_CYCLE: (LotKind | undefined)[] = [undefined, 'parking_spot', 'hardware', 'own_lot'];

export interface ListFilter {
  kind?: LotKind;
  soon?: boolean;
  mine?: 'bids' | 'lots';
}

/** The per-message state of a list (or of a card opened from it): what its buttons mean. */
export interface ListState {
  filter: ListFilter;
  offset: number;
  /** The lot ids behind `a:o:<i>`. */
  ids: string[];
}

type View = { text: string; keyboard: InlineKeyboardMarkup };
const btn = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: callbackData(data) });
const kindKey = (kind: LotKind): AuctionMessageKey => `kind.${kind}` as AuctionMessageKey;

/** A lot id in callback data: itself when short enough, else `~` (read from the message's state). */
export const lotRef = (lotId: string) => (lotId.length <= 48 ? lotId : '~');

export function lotListView(lang: Language, list: LotListView, filter: ListFilter, now: Date): View {
  const title = filter.mine === 'bids' ? 'lots.title_my_bids' : filter.mine === 'lots' ? 'lots.title_my_lots' : 'lots.title';
  const lines = [t(lang, title)];
  const active = [filter.kind && t(lang, kindKey(filter.kind)), filter.soon && t(lang, 'lots.filter_soon')].filter(Boolean);
  if (active.length) lines.push(t(lang, 'lots.filters', { filters: active.join(', ') }));
  lines.push('');
  if (!list.items.length) lines.push(t(lang, 'lots.empty'));
  list.items.forEach((l, i) => lines.push(`${list.offset + i + 1}. ${summaryLine(lang, l, now)}`));
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const page = Math.floor(list.offset / PAGE_SIZE) + 1;
  if (pages > 1) lines.push('', t(lang, 'lots.page', { page, pages }));

  const rows: InlineKeyboardButton[][] = list.items.map((l, i) => [btn(`${list.offset + i + 1}. ${l.title}`.slice(0, 60), `a:o:${i}`)]);
  const paging: InlineKeyboardButton[] = [];
  if (list.offset > 0) paging.push(btn('‹', `a:p:${Math.max(0, list.offset - PAGE_SIZE)}`));
  if (list.offset + PAGE_SIZE < list.total) paging.push(btn('›', `a:p:${list.offset + PAGE_SIZE}`));
  if (paging.length) rows.push(paging);
  const mark = (on: boolean | undefined, text: string) => (on ? `✓ ${text}` : text);
  rows.push([
    btn(filter.kind ? t(lang, kindKey(filter.kind)) : t(lang, 'lots.filter_all_kinds'), 'a:f:k'),
    btn(mark(filter.soon, t(lang, 'lots.filter_soon')), 'a:f:s'),
  ]);
  rows.push([
    btn(mark(filter.mine === 'bids', t(lang, 'lots.filter_my_bids')), 'a:f:b'),
    btn(mark(filter.mine === 'lots', t(lang, 'lots.filter_my_lots')), 'a:f:m'),
  ]);
  return { text: lines.join('\n'), keyboard: { inline_keyboard: rows } };
}

function summaryLine(lang: Language, l: LotSummaryView, now: Date): string {
  const price = money(lang, l.currentPrice ?? l.startingPrice, l.currency);
  const state =
    l.status === 'open' ? timeLeft(lang, Date.parse(l.closesAt) - now.getTime()) : t(lang, l.status === 'cancelled' ? 'lot.cancelled' : 'lot.closed');
  return `${html(l.title)} — ${price} · ${state}`;
}

export function lotCardView(lang: Language, lot: LotDetailView, now: Date): View {
  const lines = [`<b>${html(lot.title)}</b>`, `<i>${t(lang, kindKey(lot.kind))}</i>`];
  if (lot.description) lines.push(html(lot.description));
  lines.push('');
  lines.push(
    lot.currentPrice === null
      ? t(lang, 'lot.starting', { price: money(lang, lot.startingPrice, lot.currency) })
      : t(lang, 'lot.price', { price: money(lang, lot.currentPrice, lot.currency) }),
  );
  const leader = lot.leaderId ?? lot.leaderAlias;
  if (leader) lines.push(t(lang, 'lot.leader', { leader: html(leader) }));
  lines.push(t(lang, 'lot.bids', { count: lot.bidCount }));
  const minimumBid = lot.minimumBid;
  const open = lot.status === 'open' && minimumBid !== null && Date.parse(lot.closesAt) > now.getTime();
  const seller = lot.viewer?.isSeller === true;
  if (open) {
    lines.push(t(lang, 'lot.minimum', { price: money(lang, minimumBid, lot.currency) }));
    lines.push(t(lang, 'lot.closes', { when: timeLeft(lang, Date.parse(lot.closesAt) - now.getTime()) }));
    if (lot.buyNowPrice !== null) lines.push(t(lang, 'lot.buy_now', { price: money(lang, lot.buyNowPrice, lot.currency) }));
  } else lines.push(t(lang, lot.status === 'cancelled' ? 'lot.cancelled' : 'lot.closed'));
  if (seller) lines.push(t(lang, 'lot.yours'));
  if (lot.viewer?.maximum != null)
    lines.push(t(lang, lot.viewer.leading ? 'lot.your_maximum_leading' : 'lot.your_maximum', { price: money(lang, lot.viewer.maximum, lot.currency) }));
  const ref = lotRef(lot.lotId);
  const rows: InlineKeyboardButton[][] = [];
  // only what can succeed, by the decider's rules (a leader above the minimum is offered to raise their maximum, not to bid)
  const can = lotActions(lot, now);
  const bidRow = [
    ...(can.bid !== null ? [btn(t(lang, 'button.bid', { price: money(lang, can.bid, lot.currency) }), `a:b:${ref}:${can.bid}`)] : []),
    ...(can.setMaximum ? [btn(t(lang, 'button.set_maximum'), `a:m:${ref}`)] : []),
  ];
  if (bidRow.length) rows.push(bidRow);
  if (can.buyNow && lot.buyNowPrice !== null) rows.push([btn(t(lang, 'button.buy_now', { price: money(lang, lot.buyNowPrice, lot.currency) }), `a:n:${ref}`)]);
  rows.push([btn(t(lang, 'button.refresh'), `a:c:${ref}`), btn(t(lang, 'button.back'), 'a:l')]);
  return { text: lines.join('\n'), keyboard: { inline_keyboard: rows } };
}

/** "Buy now for X?" with yes / no. */
export function buyNowConfirmView(lang: Language, lot: LotDetailView): View {
  const price = money(lang, lot.buyNowPrice ?? 0, lot.currency);
  const ref = lotRef(lot.lotId);
  return {
    text: t(lang, 'buy_now.confirm', { title: html(lot.title), price }),
    keyboard: { inline_keyboard: [[btn(t(lang, 'button.yes_buy', { price }), `a:y:${ref}`), btn(t(lang, 'button.no'), `a:c:${ref}`)]] },
  };
}

export function timeLeft(lang: Language, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const units = lang === 'ru' ? ['д', 'ч', 'мин'] : ['d', 'h', 'min'];
  return [d && `${d} ${units[0]}`, h && `${h} ${units[1]}`, `${m} ${units[2]}`].filter(Boolean).join(' ');
}

/** Parses an amount typed by a user ("8 250", "8250.50", "8 250,50 ₽", "RUB 8,250.00") into minor units; null if it is not one. */
export function parseAmount(text: string): number | null {
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/₽|руб\.?|rub|р\.?$/gi, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  // "8,250.00": comma groups; "8250,50": decimal comma
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let whole = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= 2 && s.length - lastSep - 1 > 0) {
    whole = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole) || whole.length > 9) return null;
  s = `${whole}${frac.padEnd(2, '0')}`;
  const minor = Number(s);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}
