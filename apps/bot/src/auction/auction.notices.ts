import type { AuctionNotice, NotificationKind } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { callbackData } from '../shared/escape';
import { money } from '../shared/i18n';
import { t, type AuctionMessageKey } from './auction.i18n';

const KEY: Record<NotificationKind, AuctionMessageKey> = {
  outbid: 'notify.outbid',
  leading: 'notify.leading',
  won: 'notify.won',
  lost: 'notify.lost',
  sold: 'notify.sold',
  not_sold: 'notify.not_sold',
  extended: 'notify.extended',
  cancelled: 'notify.cancelled',
};

/** Outbid, won, sold, … */
export const renderAuctionNotice: NoticeRenderer<AuctionNotice> = (lang, n) => {
  const d = n.data;
  const text = t(lang, KEY[n.kind], { title: d.title ?? d.lotId, price: typeof d.price === 'number' ? money(lang, d.price, d.currency) : '' });
  // Outbid comes with a button back to the lot card, where the next bid is one press away.
  if (n.kind !== 'outbid' || d.lotId.length > 48) return { text };
  return { text, keyboard: { inline_keyboard: [[{ text: t(lang, 'button.bid_again'), callback_data: callbackData(`a:c:${d.lotId}`) }]] } };
};
