import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BidView, LotCloseReason, LotDetailView, LotKind, LotListView, LotSummaryView, MaximumOutcome, OwnMaximumView } from '@megabot/contracts';
import type { BidRow, LotRow, MaximumRow } from '@megabot/read-model';
import { DataSource, type EntityManager } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import { problem } from '../core/problem';
import { RolesService } from '../core/roles.service';
import { GetLotQuery, ListLotsQuery } from './auction.queries';

const BID_HISTORY_LIMIT = 100;

/**
 * "Bidder #n": n is the rank of the bidder's first bid on the lot (bid
 * numbers are never reused, also across relists), so the alias is stable and
 * the same for every viewer. Computed from the private maxima table, of which
 * it reveals nothing but the order of first bids.
 */
const aliasOf = (lotExpr: string, bidderExpr: string) =>
  `(SELECT count(DISTINCT a.bidder_id) FROM auction.maxima a WHERE a.lot_id = ${lotExpr}
      AND a.bid_no <= (SELECT min(f.bid_no) FROM auction.maxima f WHERE f.lot_id = ${lotExpr} AND f.bidder_id = ${bidderExpr}))`;

/** Rows as the queries select them: with the alias numbers (counts, bigint as text). */
type LotWithAlias = LotRow & { leader_alias_no: string | null };
type BidWithAlias = BidRow & { alias_no: string };

@QueryHandler(ListLotsQuery)
export class ListLotsHandler implements IQueryHandler<ListLotsQuery> {
  constructor(
    private readonly ds: DataSource,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  async execute({ filter, viewerId }: ListLotsQuery): Promise<LotListView> {
    const limit = filter.limit ?? 20;
    const offset = filter.offset ?? 0;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.kind) where.push(`l.kind = ${param(filter.kind)}`);
    if (filter.status) where.push(`l.status = ${param(filter.status)}`);
    if (filter.endingWithinMinutes) {
      where.push(`l.status = 'open' AND l.closes_at > now() AND l.closes_at <= now() + make_interval(mins => ${param(filter.endingWithinMinutes)})`);
    }
    if (filter.seller) where.push(`l.seller_id = ${param(filter.seller)}`);
    if (filter.bidder) {
      // Who bid where is private to the bidder.
      if (filter.bidder !== viewerId) throw problem(403, 'auction.not_your_bids', 'bidder= lists your own bids only: it must equal X-Employee-Id');
      where.push(`EXISTS (SELECT 1 FROM auction.maxima m WHERE m.lot_id = l.lot_id AND m.bidder_id = ${param(filter.bidder)})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM auction.lots l ${clause}`, params);
    const rows: LotWithAlias[] = await this.ds.query(
      `SELECT l.*, CASE WHEN l.leader_id IS NULL THEN NULL ELSE ${aliasOf('l.lot_id', 'l.leader_id')} END AS leader_alias_no
       FROM auction.lots l ${clause} ORDER BY l.closes_at ASC, l.lot_id ASC LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    return { items: rows.map((r) => toSummary(r, viewerId, this.options.maskBidders === true)), total, limit, offset };
  }
}

@QueryHandler(GetLotQuery)
export class GetLotHandler implements IQueryHandler<GetLotQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly roles: RolesService,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  async execute(query: GetLotQuery): Promise<LotDetailView> {
    // One snapshot for the lot row, its bids and the viewer's private rows: the projector may commit in between.
    return this.ds.transaction('REPEATABLE READ', (q) => this.read(q, query));
  }

  private async read(q: EntityManager, { lotId, viewerId }: GetLotQuery): Promise<LotDetailView> {
    const [lot]: LotWithAlias[] = await q.query(
      `SELECT l.*, CASE WHEN l.leader_id IS NULL THEN NULL ELSE ${aliasOf('l.lot_id', 'l.leader_id')} END AS leader_alias_no
         FROM auction.lots l WHERE l.lot_id = $1`,
      [lotId],
    );
    if (!lot) throw problem(404, 'auction.lot_not_found', `Lot ${lotId} does not exist`);
    const mask = this.options.maskBidders === true;
    const bids: BidWithAlias[] = await q.query(
      `SELECT b.*, ${aliasOf('b.lot_id', 'b.bidder_id')} AS alias_no
         FROM auction.bids b WHERE b.lot_id = $1 AND b.round = $2 ORDER BY b.revision DESC LIMIT ${BID_HISTORY_LIMIT}`,
      [lotId, lot.round],
    );
    const closed = lot.status === 'closed';
    let viewer: LotDetailView['viewer'] = null;
    if (viewerId) {
      const own: MaximumRow[] = await q.query(`SELECT * FROM auction.maxima WHERE lot_id = $1 AND bidder_id = $2 AND round = $3 ORDER BY bid_no DESC`, [
        lotId,
        viewerId,
        lot.round,
      ]);
      const maxima = own.map(toOwnMaximum);
      viewer = {
        employeeId: viewerId,
        isSeller: viewerId === lot.seller_id,
        leading: viewerId === lot.leader_id,
        // a bidder's maxima only ever rise: the newest active one is current
        maximum: maxima.find((m) => m.status === 'active')?.maximum ?? null,
        maxima,
      };
    }
    let reservePrice: number | null = null;
    if (lot.has_reserve && viewerId && (viewerId === lot.seller_id || (await this.roles.isAdmin(viewerId)))) {
      const [r] = await q.query(`SELECT reserve_price FROM auction.reserves WHERE lot_id = $1`, [lotId]);
      reservePrice = r?.reserve_price == null ? null : Number(r.reserve_price);
    }
    let revealedMaxima: LotDetailView['revealedMaxima'] = null;
    if (closed) {
      const all: MaximumRow[] = await q.query(`SELECT * FROM auction.maxima WHERE lot_id = $1 AND round = $2 ORDER BY bid_no`, [lotId, lot.round]);
      revealedMaxima = all.map((m) => ({ ...toOwnMaximum(m), bidderId: m.bidder_id }));
    }
    return {
      ...toSummary(lot, viewerId, mask),
      description: lot.description,
      minIncrement: Number(lot.min_increment),
      details: lot.details,
      openedAt: iso(lot.opened_at)!,
      closedAt: iso(lot.closed_at),
      outcome: lot.outcome ?? null,
      winnerId: lot.winner_id,
      finalPrice: num(lot.final_price),
      maxExtensions: lot.max_extensions,
      reservePrice,
      viewer,
      revealedMaxima,
      bids: bids.map((b) => toBidView(b, viewerId, mask)),
    };
  }
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const alias = (n: unknown) => (n === null || n === undefined ? null : `Bidder #${n}`);

function toSummary(l: LotWithAlias, viewerId: string | undefined, mask: boolean): LotSummaryView {
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

function toBidView(b: BidWithAlias, viewerId: string | undefined, mask: boolean): BidView {
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

function toOwnMaximum(m: MaximumRow): OwnMaximumView {
  return { bidNo: m.bid_no, maximum: Number(m.maximum), placedAt: iso(m.placed_at)!, outcome: m.outcome as MaximumOutcome, status: m.status };
}
