import type { LotDetails, LotKind } from './auction.events';

export interface BidView {
  bidderId: string;
  amount: number;
  placedAt: string;
  revision: number;
}

export interface LotSummaryView {
  lotId: string;
  kind: LotKind;
  title: string;
  sellerId: string;
  status: 'open' | 'closed';
  currency: string;
  startingPrice: number;
  currentPrice: number | null;
  /** The least amount a new bid must have. */
  minimumBid: number;
  leaderId: string | null;
  bidCount: number;
  closesAt: string;
}

export interface LotDetailView extends LotSummaryView {
  description: string;
  minIncrement: number;
  details: LotDetails;
  openedAt: string;
  closedAt: string | null;
  outcome: 'sold' | 'not_sold' | null;
  winnerId: string | null;
  bids: BidView[];
}

export interface LotListView {
  items: LotSummaryView[];
  total: number;
  limit: number;
  offset: number;
}
