import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LotDetailView } from '@megabot/contracts';
import type { MaximumRow } from '@megabot/read-model';
import { DataSource, type EntityManager } from 'typeorm';
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
