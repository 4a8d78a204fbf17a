import type { AuctionActor, AuctionEvent, LotCloseReason, LotKind, MaximumOutcome } from '@megabot/contracts';
import { ADMIN_ROLE } from './auction.rules';
import { maximumOf, minimumBid, type AuctionState, type LotFields, type Withdrawal } from './auction.state';
import { bidsInOrder } from './bid-log';

/**
 * What a given viewer may see of a lot. Maxima are private: while the lot is
 * not closed a viewer sees their own maximum and bids and nobody else's; the
 * reserve amount is shown to the seller and admins only ("met / not met" is
 * public). Once the lot is closed every maximum is revealed.
 */
export interface OwnBidView {
  bidNo: number;
  maximum: number;
  placedAt: string;
  status: 'active' | Withdrawal;
}

export interface BidderView {
  viewerId: string;
  isSeller: boolean;
  /** The viewer's current maximum (null: no active bid). */
  maximum: number | null;
  leading: boolean;
  /** The least amount this viewer may submit now (a leader: more than their own maximum); null when bidding is over or not allowed. */
  minimumBid: number | null;
  bids: OwnBidView[];
}

export interface RevealedBidView extends OwnBidView {
  bidderId: string;
}

export interface PublicLotView {
  lotId: string;
  kind: LotKind;
  status: 'open' | 'closed' | 'cancelled';
  sellerId: string;
  currency: string;
  round: number;
  startingPrice: number;
  currentPrice: number | null;
  leaderId: string | null;
  bidCount: number;
  /** The least amount a new bidder must submit; null when the lot is not open. */
  minimumBid: number | null;
  closesAt: string;
  extensions: number;
  maxExtensions: number;
  reserve: 'none' | 'met' | 'not_met';
  /** Only for the seller and admins. */
  reservePrice: number | null;
  /** Only while buy-now is still available. */
  buyNowPrice: number | null;
  outcome: 'sold' | 'not_sold' | null;
  closeReason: LotCloseReason | null;
  winnerId: string | null;
  finalPrice: number | null;
  viewer: BidderView | null;
  /** Every bid with its maximum - only once the lot is closed, null before. */
  revealedBids: RevealedBidView[] | null;
}

type Viewer = string | AuctionActor | null | undefined;

const viewerIdOf = (v: Viewer) => (v == null ? null : typeof v === 'string' ? v : v.employeeId);
const viewerIsAdmin = (v: Viewer) => v != null && typeof v !== 'string' && v.roles.includes(ADMIN_ROLE);

function ownBids(lot: LotFields, bidderId: string): OwnBidView[] {
  return bidsInOrder(lot.bids)
    .filter((e) => e.bidderId === bidderId)
    .map((e) => ({ bidNo: e.bidNo, maximum: e.maximum, placedAt: e.placedAt, status: lot.withdrawn[e.bidNo] ?? 'active' }));
}

/** The viewer's own part of a lot: their maximum and bids (null before the lot exists). */
export function bidderView(state: AuctionState, viewer: string | AuctionActor): BidderView | null {
  if (state.status === 'none') return null;
  const viewerId = viewerIdOf(viewer)!;
  const isSeller = viewerId === state.sellerId;
  const maximum = maximumOf(state, viewerId);
  const leading = state.leaderId === viewerId;
  const mayBid = state.status === 'open' && !isSeller && !state.delegates.includes(viewerId);
  return {
    viewerId,
    isSeller,
    maximum,
    leading,
    minimumBid: !mayBid ? null : leading ? (state.leaderMaximum ?? 0) + 1 : minimumBid(state),
    bids: ownBids(state, viewerId),
  };
}

/** A lot as `viewer` may see it (an employee id, or an actor with roles; null = anonymous). */
export function publicLotView(state: AuctionState, viewer: Viewer = null): PublicLotView | null {
  if (state.status === 'none') return null;
  const viewerId = viewerIdOf(viewer);
  const privileged = viewerId === state.sellerId || viewerIsAdmin(viewer);
  const closed = state.status === 'closed';
  return {
    lotId: state.lotId,
    kind: state.kind,
    status: state.status,
    sellerId: state.sellerId,
    currency: state.currency,
    round: state.round,
    startingPrice: state.startingPrice,
    currentPrice: state.currentPrice,
    leaderId: state.leaderId,
    bidCount: state.bidCount,
    minimumBid: state.status === 'open' ? minimumBid(state) : null,
    closesAt: state.closesAt,
    extensions: state.extensions,
    maxExtensions: state.rules.softClose.maxExtensions,
    reserve: !state.hasReserve ? 'none' : state.reserveMet ? 'met' : 'not_met',
    reservePrice: privileged ? state.reservePrice : null,
    buyNowPrice: state.status === 'open' && state.buyNowAvailable ? state.buyNowPrice : null,
    outcome: state.outcome,
    closeReason: state.closeReason,
    winnerId: state.winnerId,
    finalPrice: state.finalPrice,
    viewer: viewerId === null ? null : bidderView(state, viewerId),
    revealedBids: !closed
      ? null
      : bidsInOrder(state.bids).map((e) => ({
          bidNo: e.bidNo,
          bidderId: e.bidderId,
          maximum: e.maximum,
          placedAt: e.placedAt,
          status: state.withdrawn[e.bidNo] ?? 'active',
        })),
  };
}

/** What a PlaceBid did for its bidder, read from the events it produced (for the API's answer). */
export interface BidOutcome {
  bidNo: number;
  outcome: MaximumOutcome;
  maximum: number;
  /** Visible price and leader after the bid (null: unchanged by this bid). */
  price: number | null;
  leaderId: string | null;
  /** New closing time when the bid extended the lot. */
  closesAt: string | null;
}

export function bidOutcome(events: readonly AuctionEvent[], bidderId: string): BidOutcome | null {
  const set = events.find((e) => e.type === 'MaximumSet' && e.data.bidderId === bidderId);
  if (!set || set.type !== 'MaximumSet') return null;
  let price: number | null = null;
  let leaderId: string | null = null;
  let closesAt: string | null = null;
  for (const e of events) {
    if (e.type === 'BidPlaced') {
      price = e.data.amount;
      leaderId = e.data.bidderId;
    } else if (e.type === 'LotExtended') closesAt = e.data.closesAt;
  }
  return { bidNo: set.data.bidNo, outcome: set.data.outcome, maximum: set.data.maximum, price, leaderId, closesAt };
}
