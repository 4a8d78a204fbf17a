import { ApiProblem } from '../shared/api-client';
import { money, type Language } from '../shared/i18n';
import { t, type AuctionMessageKey } from './auction.i18n';

const BY_CODE: Record<string, AuctionMessageKey> = {
  'auction.lot_not_found': 'error.not_found',
  'auction.bidding_ended': 'problem.ended',
  'auction.lot_closed': 'problem.ended',
  'auction.lot_cancelled': 'problem.cancelled',
  'auction.already_leading': 'problem.already_leading',
  'auction.seller_cannot_bid': 'problem.seller_cannot_bid',
  'auction.delegate_cannot_bid': 'problem.seller_cannot_bid',
  'auction.buy_now_unavailable': 'problem.buy_now_unavailable',
  'auction.rate_limited': 'problem.rate_limited',
  'auction.admin_required': 'problem.admin_required',
  'auction.amount_too_high': 'problem.invalid_amount',
  'auction.invalid_amount': 'problem.invalid_amount',
};

/** A friendly text for an error from the API (problem+json), in the user's language; never the raw body. */
export function problemText(lang: Language, e: unknown): string {
  if (!(e instanceof ApiProblem)) return t(lang, 'error.generic');
  const p = e.problem;
  if (p.code === 'auction.bid_too_low' && typeof p.minimum === 'number') return t(lang, 'bid.too_low', { price: money(lang, p.minimum) });
  const key = (p.code && BY_CODE[p.code]) || (p.status === 404 ? 'error.not_found' : p.status === 429 ? 'problem.rate_limited' : undefined);
  if (key) return t(lang, key);
  if (p.status < 500) return t(lang, 'bid.rejected', { reason: p.detail ?? p.title });
  return t(lang, 'error.generic');
}
