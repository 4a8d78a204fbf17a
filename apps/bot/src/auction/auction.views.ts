import type { LotDetailView, LotSummaryView } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { callbackData, html } from '../shared/escape';
import { money, t, type Language } from '../shared/i18n';

/** Callback data of the auction screens: `a:l` list, `a:c:<lot>` card, `a:b:<lot>:<amount>` bid. */
export const AUCTION_CALLBACK = /^a:(l|c|b)(?::([A-Za-z0-9_-]{1,48}))?(?::(\d{1,11}))?$/;

export function lotListView(lang: Language, lots: LotSummaryView[]): { text: string; keyboard: InlineKeyboardMarkup } {
  if (!lots.length) return { text: t(lang, 'lots.empty'), keyboard: { inline_keyboard: [] } };
  const lines = lots.map((l) => `• ${html(l.title)} — ${money(lang, l.currentPrice ?? l.startingPrice, l.currency)}`);
  return {
    text: [t(lang, 'lots.title'), '', ...lines].join('\n'),
    keyboard: {
      inline_keyboard: lots
        .filter((l) => l.lotId.length <= 48)
        .map((l) => [{ text: l.title.slice(0, 60), callback_data: callbackData(`a:c:${l.lotId}`) }]),
    },
  };
}

export function lotCardView(lang: Language, lot: LotDetailView, now: Date): { text: string; keyboard: InlineKeyboardMarkup } {
  const lines = [`<b>${html(lot.title)}</b>`];
  if (lot.description) lines.push(html(lot.description));
  lines.push('');
  lines.push(lot.currentPrice === null ? t(lang, 'lot.starting', { price: money(lang, lot.startingPrice, lot.currency) }) : t(lang, 'lot.price', { price: money(lang, lot.currentPrice, lot.currency) }));
  const leader = lot.leaderId ?? lot.leaderAlias;
  if (leader) lines.push(t(lang, 'lot.leader', { leader: html(leader) }));
  lines.push(t(lang, 'lot.bids', { count: lot.bidCount }));
  const minimumBid = lot.minimumBid;
  const open = lot.status === 'open' && minimumBid !== null && Date.parse(lot.closesAt) > now.getTime();
  if (open) {
    lines.push(t(lang, 'lot.minimum', { price: money(lang, minimumBid, lot.currency) }));
    lines.push(t(lang, 'lot.closes', { when: timeLeft(lang, Date.parse(lot.closesAt) - now.getTime()) }));
  } else lines.push(t(lang, 'lot.closed'));
  const rows = [];
  if (open) rows.push([{ text: t(lang, 'button.bid', { price: money(lang, minimumBid, lot.currency) }), callback_data: callbackData(`a:b:${lot.lotId}:${minimumBid}`) }]);
  rows.push([
    { text: t(lang, 'button.refresh'), callback_data: callbackData(`a:c:${lot.lotId}`) },
    { text: t(lang, 'button.back'), callback_data: 'a:l' },
  ]);
  return { text: lines.join('\n'), keyboard: { inline_keyboard: rows } };
}

function timeLeft(lang: Language, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const units = lang === 'ru' ? ['д', 'ч', 'мин'] : ['d', 'h', 'min'];
  return [d && `${d} ${units[0]}`, h && `${h} ${units[1]}`, `${m} ${units[2]}`].filter(Boolean).join(' ');
}
