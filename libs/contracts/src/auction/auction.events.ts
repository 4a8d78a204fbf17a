import type { Actor } from '../shared/actor';

/**
 * Events of the `auction-<lotId>` stream. Amounts are integer minor units.
 *
 * Schema evolution: the three original events (LotOpened, BidPlaced,
 * LotClosed) keep every field they had; everything added to them is optional
 * so that events already stored stay valid. The domain folds an old event
 * through an explicit upcast (libs/domain/src/auction/auction.upcast.ts).
 *
 * Privacy: every event is readable by whoever reads the stream (projector,
 * auditors), but some carry facts that read models must keep private:
 *   - MaximumSet       - a bidder's hidden maximum: visible to that bidder only
 *                        (and to everyone once the lot is closed);
 *   - BidPlaced.submitted - the same hidden maximum, carried by the price change it caused (v3);
 *   - ReservePriceSet  - the hidden reserve: visible to the seller and admins only.
 * All other events are public (they never contain a maximum or the reserve).
 */
export const LOT_KINDS = ['parking_spot', 'hardware', 'own_lot'] as const;
export type LotKind = (typeof LOT_KINDS)[number];

export interface ParkingSpotDetails {
  spotNumber: string;
  /** ISO dates, inclusive. */
  periodFrom: string;
  periodTo: string;
}
export interface HardwareDetails {
  inventoryTag: string;
  condition: 'new' | 'good' | 'fair' | 'poor';
}
export type LotDetails = ParkingSpotDetails | HardwareDetails | Record<string, never>;

/** From a visible price of `from` (inclusive) upwards the minimum increment is `increment`. */
export interface IncrementTier {
  from: number;
  increment: number;
}

/** Anti-sniping: a price change less than `windowMinutes` before the close moves the close to bid time + `extensionMinutes`. */
export interface SoftClosePolicy {
  windowMinutes: number;
  extensionMinutes: number;
  /** 0 disables soft close. */
  maxExtensions: number;
}

/** A bidder may retract a bid within `windowMinutes` of placing it, but not in the last `lockBeforeCloseMinutes` before the close. */
export interface RetractionPolicy {
  windowMinutes: number;
  lockBeforeCloseMinutes: number;
}

/** The configuration a lot was opened with, frozen into LotOpened so a replay decides the same way forever. */
export interface AuctionRules {
  /** Ascending by `from`, first `from` is 0, increments positive and non-decreasing. */
  incrementTiers: IncrementTier[];
  softClose: SoftClosePolicy;
  retraction: RetractionPolicy;
  /** Sanity cap on any amount of this lot. */
  maxAmount: number;
}

/** Schema version 2 of LotOpened (version 1 = the same without the optional fields). */
export interface LotOpened {
  type: 'LotOpened';
  data: {
    lotId: string;
    kind: LotKind;
    title: string;
    description: string;
    sellerId: string;
    startingPrice: number;
    /**
     * v1: the fixed increment of the lot. v2: the seller's own minimum step;
     * the increment that applies is max(tier increment, minIncrement) (0 = tiers only).
     */
    minIncrement: number;
    currency: string;
    opensAt: string;
    closesAt: string;
    details: LotDetails;
    /** v2: who opened the lot (absent in v1: unknown). */
    openedBy?: Actor | null;
    /** v2: public flag; the amount itself is in the private ReservePriceSet event. */
    hasReserve?: boolean;
    /** v2: public; null = no buy-now. */
    buyNowPrice?: number | null;
    /** v2: employees acting for the seller; they may not bid either. */
    delegates?: string[];
    /** v2: frozen configuration (absent in v1: see upcastLotOpened). */
    rules?: AuctionRules;
  };
}

/** PRIVATE (seller and admins): the hidden reserve of the lot; null removes it (on relist). */
export interface ReservePriceSet {
  type: 'ReservePriceSet';
  data: { lotId: string; reservePrice: number | null; setAt: string };
}

export type MaximumOutcome =
  /** The bidder now leads. */
  | 'leading'
  /** The leader raised their own maximum: nothing visible changes (unless it meets the reserve). */
  | 'raised'
  /** Another bidder's higher maximum leads; the price moved up to just above this maximum. */
  | 'outbid'
  /** Another bidder set the same maximum earlier (stream order) and keeps the lead. */
  | 'outbid_by_earlier_equal_maximum';

/**
 * PRIVATE (the bidder; everyone after the close): a bidder's maximum - what
 * a PlaceBid command submits. `bidNo` numbers the bids of the stream (1, 2, ...,
 * never reused, also across relists); retraction and void refer to it.
 */
export interface MaximumSet {
  type: 'MaximumSet';
  data: { lotId: string; bidNo: number; bidderId: string; maximum: number; placedAt: string; outcome: MaximumOutcome };
}

/**
 * PUBLIC but for `submitted`: the visible price is now `amount` and `bidderId` leads.
 * v1 (no `bidNo`): a plain bid of `bidderId` whose maximum is `amount`.
 * v2: follows the MaximumSet numbered `bidNo` that caused it; `byProxy` when
 * the leader's maximum answered another bidder's bid (the leader did not act).
 * v3: carries the maximum that caused it in `submitted` (PRIVATE, as MaximumSet)
 * instead of following a MaximumSet: one event per bid that moves the price.
 * A maximum that moves nothing visible is still a MaximumSet alone.
 */
export interface BidPlaced {
  type: 'BidPlaced';
  data: {
    lotId: string;
    bidderId: string;
    amount: number;
    placedAt: string;
    bidNo?: number;
    byProxy?: boolean;
    /** Present when the lot has a reserve. */
    reserveMet?: boolean;
    /** v3: the maximum numbered `bidNo`, placed at `placedAt` (the MaximumSet it replaces). */
    submitted?: { bidderId: string; maximum: number; outcome: MaximumOutcome };
  };
}

/** PUBLIC: the buy-now option is gone for this listing (first bid, or reserve met when there is a reserve). */
export interface BuyNowExpired {
  type: 'BuyNowExpired';
  data: { lotId: string; reason: 'first_bid' | 'reserve_met'; expiredAt: string };
}

/** PUBLIC: soft close moved the closing time (every bidder should be told). */
export interface LotExtended {
  type: 'LotExtended';
  data: { lotId: string; previousClosesAt: string; closesAt: string; extension: number; bidNo: number; extendedAt: string };
}

/** PUBLIC: a bidder took a bid back under the retraction policy. */
export interface BidRetracted {
  type: 'BidRetracted';
  data: { lotId: string; bidNo: number; bidderId: string; retractedAt: string };
}

/** PUBLIC: an admin voided a bid. */
export interface BidVoided {
  type: 'BidVoided';
  data: { lotId: string; bidNo: number; bidderId: string; voidedBy: string; reason: string; voidedAt: string };
}

/** PUBLIC: price and leader recomputed from the remaining bids after a retraction or void (only written when they changed). */
export interface LotRepriced {
  type: 'LotRepriced';
  data: {
    lotId: string;
    price: number | null;
    leaderId: string | null;
    /** null when the lot has no reserve. */
    reserveMet: boolean | null;
    cause: 'retraction' | 'void';
    bidNo: number;
    repricedAt: string;
  };
}

/** PUBLIC: the lot was cancelled by an admin or withdrawn by its seller; terminal. */
export interface LotCancelled {
  type: 'LotCancelled';
  data: { lotId: string; cancelledBy: string; as: 'admin' | 'seller'; reason: string; cancelledAt: string };
}

/** PUBLIC: an unsold lot listed again on the same stream: bids cleared, new closing time. */
export interface LotRelisted {
  type: 'LotRelisted';
  data: {
    lotId: string;
    relistedBy: string;
    relistedAt: string;
    closesAt: string;
    startingPrice: number;
    buyNowPrice: number | null;
    hasReserve: boolean;
    /** 2 for the first relist, 3 for the next... */
    round: number;
  };
}

export type LotCloseReason = 'highest_bid' | 'buy_now' | 'reserve_not_met' | 'no_bids';

export interface LotClosed {
  type: 'LotClosed';
  data: {
    lotId: string;
    closedAt: string;
    outcome: 'sold' | 'not_sold';
    winnerId: string | null;
    price: number | null;
    /** v2 (absent in v1: 'highest_bid' when sold, 'no_bids' when not). */
    reason?: LotCloseReason;
  };
}

export type AuctionEvent =
  | LotOpened
  | ReservePriceSet
  | MaximumSet
  | BidPlaced
  | BuyNowExpired
  | LotExtended
  | BidRetracted
  | BidVoided
  | LotRepriced
  | LotCancelled
  | LotRelisted
  | LotClosed;
export type AuctionEventType = AuctionEvent['type'];
export const AUCTION_EVENT_TYPES: readonly AuctionEventType[] = [
  'LotOpened',
  'ReservePriceSet',
  'MaximumSet',
  'BidPlaced',
  'BuyNowExpired',
  'LotExtended',
  'BidRetracted',
  'BidVoided',
  'LotRepriced',
  'LotCancelled',
  'LotRelisted',
  'LotClosed',
];
/** Events whose data must not be shown to everyone (see the header comment; a v3 BidPlaced has a private part, `submitted`). */
export const PRIVATE_AUCTION_EVENT_TYPES: readonly AuctionEventType[] = ['ReservePriceSet', 'MaximumSet'];
/** Schema version to write into each event's metadata (LotOpened v2 adds optional fields). */
export const AUCTION_SCHEMA_VERSIONS: Readonly<Record<AuctionEventType, number>> = {
  LotOpened: 2,
  ReservePriceSet: 1,
  MaximumSet: 1,
  BidPlaced: 3,
  BuyNowExpired: 1,
  LotExtended: 1,
  BidRetracted: 1,
  BidVoided: 1,
  LotRepriced: 1,
  LotCancelled: 1,
  LotRelisted: 1,
  LotClosed: 2,
};

export const auctionStreamId = (lotId: string) => `auction-${lotId}`;
export const AUCTION_STREAM_PREFIX = 'auction-';
