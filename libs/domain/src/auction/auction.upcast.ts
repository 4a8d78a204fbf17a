import type { Actor, AuctionEvent, AuctionRules, LotClosed, LotCloseReason, LotOpened, MaximumSet } from '@megabot/contracts';
import { DEFAULT_MAX_AMOUNT, DEFAULT_RETRACTION, DEFAULT_SOFT_CLOSE } from './auction.rules';

/**
 * Schema evolution of the auction stream: events stored before a field
 * existed are read with explicit defaults, here and nowhere else.
 */

/** LotOpened as the domain reads it: every optional v2 field filled in. */
export type LotOpenedV2Data = Omit<LotOpened['data'], 'openedBy' | 'hasReserve' | 'buyNowPrice' | 'delegates' | 'rules'> & {
  openedBy: Actor | null;
  hasReserve: boolean;
  buyNowPrice: number | null;
  delegates: string[];
  rules: AuctionRules;
};

/** 1 for a LotOpened written before proxy bidding (no `rules`), 2 after. */
export function lotOpenedSchemaVersion(data: LotOpened['data']): 1 | 2 {
  return data.rules === undefined ? 1 : 2;
}

/**
 * The rules a v1 lot is read with. A v1 lot keeps the terms it was announced
 * with: its fixed `minIncrement` as the only increment tier (so the minimum
 * next bid is exactly what it was), no reserve, no buy-now, no delegates, and
 * no soft close (its closing time was announced and scheduled as fixed).
 * Rules that did not exist then get today's defaults: the retraction policy
 * and the sanity cap on amounts.
 */
export function legacyRules(minIncrement: number): AuctionRules {
  return {
    incrementTiers: [{ from: 0, increment: Math.max(1, minIncrement) }],
    softClose: { ...DEFAULT_SOFT_CLOSE, maxExtensions: 0 },
    retraction: { ...DEFAULT_RETRACTION },
    maxAmount: DEFAULT_MAX_AMOUNT,
  };
}

/** LotOpened v1 or v2 -> v2 (v2 data is returned with the same values). */
export function upcastLotOpened(data: LotOpened['data']): LotOpenedV2Data {
  return {
    ...data,
    openedBy: data.openedBy ?? null,
    hasReserve: data.hasReserve ?? false,
    buyNowPrice: data.buyNowPrice ?? null,
    delegates: data.delegates ?? [],
    rules: data.rules ?? legacyRules(data.minIncrement),
  };
}

/** LotClosed v1 had no reason: a v1 lot had no reserve, so unsold meant no bids. */
export function upcastLotClosed(data: LotClosed['data']): LotClosed['data'] & { reason: LotCloseReason } {
  return { ...data, reason: data.reason ?? (data.outcome === 'sold' ? 'highest_bid' : 'no_bids') };
}

/**
 * Any stored auction event -> its current shape. (A v1 BidPlaced - one without
 * `bidNo` - needs no new fields: the fold reads it as a plain bid whose maximum
 * equals its amount.)
 */
export function upcastAuctionEvent(event: AuctionEvent): AuctionEvent {
  switch (event.type) {
    case 'LotOpened':
      return { type: 'LotOpened', data: upcastLotOpened(event.data) };
    case 'LotClosed':
      return { type: 'LotClosed', data: upcastLotClosed(event.data) };
    default:
      return event;
  }
}

/**
 * The maximum a bidder submitted, whichever event carries it: a MaximumSet (a bid that moved nothing visible, and
 * every bid before BidPlaced v3) or a v3 BidPlaced's `submitted`. Null for any other event, a v1/v2 BidPlaced included.
 */
export function submittedMaximum(event: AuctionEvent): MaximumSet['data'] | null {
  if (event.type === 'MaximumSet') return event.data;
  if (event.type !== 'BidPlaced' || !event.data.submitted) return null;
  const d = event.data;
  return {
    lotId: d.lotId,
    bidNo: d.bidNo!,
    bidderId: d.submitted!.bidderId,
    maximum: d.submitted!.maximum,
    placedAt: d.placedAt,
    outcome: d.submitted!.outcome,
  };
}
