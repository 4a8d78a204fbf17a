import type { LotDetailView } from './auction.read';

/*
 * The rules that decide which actions on a lot can succeed, in one place: the auction decider (libs/domain) refuses
 * commands by them, and screens (the bot's lot card) offer only the actions they allow, so no button can only fail.
 */

/** Bidding (a bid, a maximum, buy now) is possible: the lot is open and its closing time has not come. */
export const takesBids = (lot: { status: string; closesAt: string }, now: Date): boolean => lot.status === 'open' && now.getTime() < Date.parse(lot.closesAt);

/** The leader's own bid or maximum must be above their current maximum (to raise it); anything else is refused. */
export const leaderBidRefused = (amount: number, leaderMaximum: number): boolean => amount <= leaderMaximum;

export interface LotActions {
  /** "Bid <minimum>": the amount, or null when that bid would be refused (not open, the seller, or the viewer leads above it). */
  bid: number | null;
  /** "Set maximum…". */
  setMaximum: boolean;
  /** "Buy now": only while the lot offers it. */
  buyNow: boolean;
}

/** What the viewer can do on a lot, as the decider would decide it (the view's facts: status, their lead and maximum, buy-now). */
export function lotActions(lot: LotDetailView, now: Date): LotActions {
  const open = takesBids(lot, now) && lot.minimumBid !== null;
  const mayBid = open && lot.viewer?.isSeller !== true;
  const viewer = lot.viewer;
  const leadsAbove = viewer?.leading === true && viewer.maximum !== null && lot.minimumBid !== null && leaderBidRefused(lot.minimumBid, viewer.maximum);
  return {
    bid: mayBid && !leadsAbove ? lot.minimumBid : null,
    setMaximum: mayBid,
    buyNow: mayBid && lot.buyNowPrice !== null,
  };
}
