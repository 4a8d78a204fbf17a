import type { AuctionEvent, MaximumOutcome } from '@megabot/contracts';
import { submittedMaximum } from './auction.upcast';

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
  const set = events.map(submittedMaximum).find((m) => m?.bidderId === bidderId);
  if (!set) return null;
  let price: number | null = null;
  let leaderId: string | null = null;
  let closesAt: string | null = null;
  for (const e of events) {
    if (e.type === 'BidPlaced') {
      price = e.data.amount;
      leaderId = e.data.bidderId;
    } else if (e.type === 'LotExtended') closesAt = e.data.closesAt;
  }
  return { bidNo: set.bidNo, outcome: set.outcome, maximum: set.maximum, price, leaderId, closesAt };
}
