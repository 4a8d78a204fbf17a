import type { Actor, AuctionRules, LotCloseReason, LotKind } from '@megabot/contracts';
import { minimumNextBid, type Book } from './auction.proxy';
import type { PricingTerms } from './auction.rules';
import { bidsInOrder, findLastBid, type BidEntry, type BidLog } from './bid-log';

/**
 * The folded state of one lot stream. It holds private facts (maxima, the
 * reserve): never serve it as is - use publicLotView / bidderView.
 */
export type Withdrawal = 'retracted' | 'voided';

export interface LotFields {
  lotId: string;
  kind: LotKind;
  sellerId: string;
  delegates: readonly string[];
  openedBy: Actor | null;
  currency: string;
  startingPrice: number;
  /** The seller's own step (v1 lots: the fixed increment). */
  minIncrement: number;
  rules: AuctionRules;
  opensAt: string;
  /** Current closing time (moved by soft close). */
  closesAt: string;
  extensions: number;
  /** 1, then +1 per relist. */
  round: number;
  hasReserve: boolean;
  /** Private. */
  reservePrice: number | null;
  reserveMet: boolean;
  buyNowPrice: number | null;
  buyNowAvailable: boolean;
  /** Visible price and leader. */
  currentPrice: number | null;
  leaderId: string | null;
  /** Private: the leader's maximum. */
  leaderMaximum: number | null;
  /** Visible price changes (BidPlaced events) of this listing. */
  bidCount: number;
  /** Private: every maximum submitted in this listing, in stream order. */
  bids: BidLog;
  withdrawn: Readonly<Record<number, Withdrawal>>;
  nextBidNo: number;
  closedAt: string | null;
  outcome: 'sold' | 'not_sold' | null;
  closeReason: LotCloseReason | null;
  winnerId: string | null;
  finalPrice: number | null;
  cancelledAt: string | null;
}
export type OpenLotState = LotFields & { status: 'open' };
export type ClosedLotState = LotFields & { status: 'closed' };
export type CancelledLotState = LotFields & { status: 'cancelled' };
export type AuctionState = { status: 'none' } | OpenLotState | ClosedLotState | CancelledLotState;
export type LotState = OpenLotState | ClosedLotState | CancelledLotState;

export const initialState: AuctionState = { status: 'none' };

export function pricingTerms(lot: LotFields): PricingTerms {
  return { startingPrice: lot.startingPrice, sellerStep: lot.minIncrement, incrementTiers: lot.rules.incrementTiers, reservePrice: lot.reservePrice };
}
export function bookOf(lot: LotFields): Book {
  return { leaderId: lot.leaderId, leaderMaximum: lot.leaderMaximum, price: lot.currentPrice };
}
/** The active (not retracted / voided) bids of this listing in stream order. */
export function activeBids(lot: LotFields): BidEntry[] {
  return bidsInOrder(lot.bids).filter((e) => !lot.withdrawn[e.bidNo]);
}
/** A bidder's current maximum: their newest active bid (a bidder's maxima only ever rise). */
export function maximumOf(lot: LotFields, bidderId: string): number | null {
  return findLastBid(lot.bids, (e) => e.bidderId === bidderId && !lot.withdrawn[e.bidNo])?.maximum ?? null;
}

/** The least amount the next bid of someone other than the leader must have. */
export function minimumBid(state: LotFields): number {
  return minimumNextBid(bookOf(state), pricingTerms(state));
}
