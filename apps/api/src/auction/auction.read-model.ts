import type { BidView, LotCloseReason, LotKind, LotSummaryView, MaximumOutcome, OwnMaximumView } from '@megabot/contracts';
import type { BidRow, LotRow, MaximumRow } from '@megabot/read-model';

/** The auction read model as the lot queries read it: the bidder alias, and rows turned into views. */
export const BID_HISTORY_LIMIT = 100;

/**
 * "Bidder #n": n is the rank of the bidder's first bid on the lot (bid
 * numbers are never reused, also across relists), so the alias is stable and
 * the same for every viewer. Computed from the private maxima table, of which
 * it reveals nothing but the order of first bids.
 */
export const aliasOf = (lotExpr: string, bidderExpr: string) =>
  `(SELECT count(DISTINCT a.bidder_id) FROM auction.maxima a WHERE a.lot_id = ${lotExpr}
      AND a.bid_no <= (SELECT min(f.bid_no) FROM auction.maxima f WHERE f.lot_id = ${lotExpr} AND f.bidder_id = ${bidderExpr}))`;

/** Rows as the queries select them: with the alias numbers (counts, bigint as text). */
export type LotWithAlias = LotRow & { leader_alias_no: string | null };
export type BidWithAlias = BidRow & { alias_no: string };

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
export const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const alias = (n: unknown) => (n === null || n === undefined ? null : `Bidder #${n}`);

export function toSummary(l: LotWithAlias, viewerId: string | undefined, mask: boolean): LotSummaryView {
  return {
    lotId: l.lot_id,
    kind: l.kind as LotKind,
    title: l.title,
    sellerId: l.seller_id,
    status: l.status,
    currency: l.currency,
    startingPrice: Number(l.starting_price),
    currentPrice: num(l.current_price),
    minimumBid: num(l.minimum_bid),
    leaderId: mask && l.leader_id !== viewerId ? null : l.leader_id,
    leaderAlias: alias(l.leader_alias_no),
    bidCount: l.bid_count,
    closesAt: iso(l.closes_at)!,
    extensions: l.extensions,
    reserve: !l.has_reserve ? 'none' : l.reserve_met ? 'met' : 'not_met',
    buyNowPrice: l.status === 'open' && l.buy_now_available ? num(l.buy_now_price) : null,
    closeReason: (l.close_reason as LotCloseReason) ?? null,
    round: l.round,
  };
}

export function toBidView(b: BidWithAlias, viewerId: string | undefined, mask: boolean): BidView {
  return {
    bidderId: mask && b.bidder_id !== viewerId ? null : b.bidder_id,
    bidderAlias: alias(b.alias_no) ?? 'Bidder',
    amount: Number(b.amount),
    placedAt: iso(b.placed_at)!,
    revision: Number(b.revision),
    bidNo: b.bid_no,
    byProxy: b.by_proxy,
    status: b.status,
  };
}

export function toOwnMaximum(m: MaximumRow): OwnMaximumView {
  return { bidNo: m.bid_no, maximum: Number(m.maximum), placedAt: iso(m.placed_at)!, outcome: m.outcome as MaximumOutcome, status: m.status };
}
