import type { LotCloseReason, LotDetails, LotKind, MaximumOutcome } from './auction.events';
import type { CommandResultDto } from '../shared/command-result';

/** A visible price change (one BidPlaced event). */
export interface BidView {
  /** null when bidders are masked and this is not the viewer. */
  bidderId: string | null;
  /** "Bidder #n" (n: order of the bidder's first bid on the lot), always present. */
  bidderAlias: string;
  amount: number;
  placedAt: string;
  revision: number;
  /** The bid number it followed (absent for bids from before proxy bidding). */
  bidNo: number | null;
  /** The leader's maximum answered someone else's bid (the leader did not act). */
  byProxy: boolean;
  status: 'active' | 'retracted' | 'voided';
}

export interface LotSummaryView {
  lotId: string;
  kind: LotKind;
  title: string;
  sellerId: string;
  status: 'open' | 'closed' | 'cancelled';
  currency: string;
  startingPrice: number;
  currentPrice: number | null;
  /** The least amount a new bidder must submit (the domain's tiered increments); null when the lot is not open. */
  minimumBid: number | null;
  /** null when bidders are masked (AUCTION_MASK_BIDDERS) and the viewer is not the leader. */
  leaderId: string | null;
  /** "Bidder #n" for the leader, null without a leader. */
  leaderAlias: string | null;
  /** Visible price changes of the current listing. */
  bidCount: number;
  closesAt: string;
  /** Soft-close extensions so far. */
  extensions: number;
  /** 'none' without a reserve; the amount itself is private. */
  reserve: 'none' | 'met' | 'not_met';
  /** Only while buy-now is still available. */
  buyNowPrice: number | null;
  closeReason: LotCloseReason | null;
  round: number;
}

export interface OwnMaximumView {
  bidNo: number;
  maximum: number;
  placedAt: string;
  outcome: MaximumOutcome;
  status: 'active' | 'retracted' | 'voided';
}

/** What the calling employee may see of their own part in the lot. */
export interface LotViewerView {
  employeeId: string;
  isSeller: boolean;
  leading: boolean;
  /** The viewer's current maximum (private to them). */
  maximum: number | null;
  /** Their maxima in this listing, newest first. */
  maxima: OwnMaximumView[];
}

export interface RevealedMaximumView extends OwnMaximumView {
  bidderId: string;
}

export interface LotDetailView extends LotSummaryView {
  description: string;
  minIncrement: number;
  details: LotDetails;
  openedAt: string;
  closedAt: string | null;
  outcome: 'sold' | 'not_sold' | null;
  winnerId: string | null;
  finalPrice: number | null;
  maxExtensions: number;
  /** Only for the seller and admins. */
  reservePrice: number | null;
  viewer: LotViewerView | null;
  /** Every maximum of the listing, once it is closed (null before). */
  revealedMaxima: RevealedMaximumView[] | null;
  bids: BidView[];
}

export interface LotListView {
  items: LotSummaryView[];
  total: number;
  limit: number;
  offset: number;
}

/** What a bid did for its bidder. */
export interface PlaceBidResultDto extends CommandResultDto {
  bidNo: number | null;
  outcome: MaximumOutcome | null;
  /** A sentence for the bidder, e.g. "an earlier equal maximum leads". */
  message: string;
  /** Your maximum as accepted. */
  maximum: number | null;
  /** Whether you lead now. */
  leading: boolean;
  /** The visible price after the bid (null: the bid moved nothing visible). */
  price: number | null;
  /** New closing time when the bid extended the lot. */
  closesAt: string | null;
}

export const BID_OUTCOME_MESSAGES: Record<MaximumOutcome, string> = {
  leading: 'you lead',
  raised: 'your maximum is raised; the visible price does not change',
  outbid: "another bidder's higher maximum leads",
  outbid_by_earlier_equal_maximum: 'an earlier equal maximum leads',
};

/* ----------------------------------------------------------- reports */

export interface ShillPairView {
  employeeA: string;
  employeeB: string;
  /** Lots of B that A bid on, and the other way round. */
  lotsAOnB: number;
  lotsBOnA: number;
}

export interface NonWinningPusherView {
  bidderId: string;
  /** Closed lots this bidder bid on that sold to someone else above their first bid. */
  lotsPushed: number;
  lotsWon: number;
  /** Maxima submitted on those lots. */
  maxima: number;
}

export interface ShillReportView {
  thresholds: { minMutualLots: number; minLostLots: number };
  mutualBidding: ShillPairView[];
  nonWinningPushers: NonWinningPusherView[];
}
