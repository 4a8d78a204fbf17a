import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LotDetailView } from '@megabot/contracts';
import type { MaximumRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../../core/api-options';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { aliasOf, BID_HISTORY_LIMIT, iso, num, toBidView, toOwnMaximum, toSummary, type BidWithAlias, type LotWithAlias } from '../auction.read-model';

export class GetLotQuery extends Query<LotDetailView> {
  constructor(
    readonly lotId: string,
    readonly viewerId?: string,
  ) {
    super();
  }
}

@QueryHandler(GetLotQuery)
export class GetLotHandler implements IQueryHandler<GetLotQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly roles: RolesService,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  /**
   * One statement for the lot row, its bids, the viewer's own maxima (and everyone's once it closed) and the reserve: a
   * statement sees one snapshot (the projector may commit in between two), and the lot card is one database round trip
   * (was a REPEATABLE READ transaction of six: bench:bot's "open a lot").
   */
  async execute({ lotId, viewerId }: GetLotQuery): Promise<LotDetailView> {
    const [lot]: (LotWithAlias & { bids_json: BidWithAlias[]; own_json: MaximumRow[]; all_json: MaximumRow[] | null; reserve_price: string | null })[] =
      await this.ds.query(
        `SELECT l.*, CASE WHEN l.leader_id IS NULL THEN NULL ELSE ${aliasOf('l.lot_id', 'l.leader_id')} END AS leader_alias_no,
           (SELECT coalesce(json_agg(b ORDER BY b.revision DESC), '[]') FROM (
              SELECT b.*, ${aliasOf('b.lot_id', 'b.bidder_id')} AS alias_no
              FROM auction.bids b WHERE b.lot_id = l.lot_id AND b.round = l.round ORDER BY b.revision DESC LIMIT ${BID_HISTORY_LIMIT}) b) AS bids_json,
           (SELECT coalesce(json_agg(m ORDER BY m.bid_no DESC), '[]') FROM auction.maxima m
              WHERE m.lot_id = l.lot_id AND m.bidder_id = $2 AND m.round = l.round) AS own_json,
           CASE WHEN l.status = 'closed' THEN (SELECT coalesce(json_agg(m ORDER BY m.bid_no), '[]') FROM auction.maxima m
              WHERE m.lot_id = l.lot_id AND m.round = l.round) END AS all_json,
           CASE WHEN l.has_reserve THEN (SELECT r.reserve_price FROM auction.reserves r WHERE r.lot_id = l.lot_id) END AS reserve_price
         FROM auction.lots l WHERE l.lot_id = $1`,
        [lotId, viewerId ?? null],
      );
    if (!lot) throw problem(404, 'auction.lot_not_found', `Lot ${lotId} does not exist`);
    const mask = this.options.maskBidders === true;
    const bids = lot.bids_json;
    let viewer: LotDetailView['viewer'] = null;
    if (viewerId) {
      const maxima = lot.own_json.map(toOwnMaximum);
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
    if (lot.has_reserve && viewerId && (viewerId === lot.seller_id || (await this.roles.isAdmin(viewerId)))) reservePrice = num(lot.reserve_price);
    const revealedMaxima: LotDetailView['revealedMaxima'] = lot.all_json && lot.all_json.map((m) => ({ ...toOwnMaximum(m), bidderId: m.bidder_id }));
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
