import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ShillReportQueryDto, ShillReportView } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/**
 * Shill-bidding signals from the read model (admins only; it reads the
 * private maxima, but answers with counts, never amounts):
 *   - mutual bidding: two employees who each bid on at least N lots of the other;
 *   - non-winning pushers: bidders who bid on at least M closed lots that sold
 *     to someone else above the starting price, and never won a lot.
 * Signals, not verdicts: an admin looks at the lots before acting.
 */
export class ShillReportQuery extends Query<ShillReportView> {
  constructor(readonly filter: ShillReportQueryDto) {
    super();
  }
}

@QueryHandler(ShillReportQuery)
export class ShillReportHandler implements IQueryHandler<ShillReportQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ filter }: ShillReportQuery): Promise<ShillReportView> {
    const minMutualLots = filter.minMutualLots ?? 2;
    const minLostLots = filter.minLostLots ?? 3;
    const limit = filter.limit ?? 50;
    const pairs: { employee_a: string; employee_b: string; lots_a_on_b: number; lots_b_on_a: number }[] = await this.ds.query(
      `WITH per_pair AS (
         SELECT m.bidder_id, l.seller_id, count(DISTINCT m.lot_id)::int AS lots
         FROM auction.maxima m JOIN auction.lots l ON l.lot_id = m.lot_id
         WHERE m.status = 'active' AND m.bidder_id <> l.seller_id
         GROUP BY m.bidder_id, l.seller_id
       )
       SELECT a.bidder_id AS employee_a, a.seller_id AS employee_b, a.lots AS lots_a_on_b, b.lots AS lots_b_on_a
       FROM per_pair a JOIN per_pair b ON b.bidder_id = a.seller_id AND b.seller_id = a.bidder_id
       WHERE a.bidder_id < a.seller_id AND a.lots >= $1 AND b.lots >= $1
       ORDER BY least(a.lots, b.lots) DESC, a.bidder_id, a.seller_id
       LIMIT $2`,
      [minMutualLots, limit],
    );
    const pushers: { bidder_id: string; lots_pushed: number; maxima: number }[] = await this.ds.query(
      `WITH lost AS (
         SELECT m.bidder_id, count(DISTINCT m.lot_id)::int AS lots_pushed, count(*)::int AS maxima
         FROM auction.maxima m JOIN auction.lots l ON l.lot_id = m.lot_id AND l.round = m.round
         WHERE m.status = 'active' AND l.status = 'closed' AND l.outcome = 'sold'
           AND l.winner_id <> m.bidder_id AND l.final_price > l.starting_price
         GROUP BY m.bidder_id
       )
       SELECT lost.* FROM lost
       WHERE lost.lots_pushed >= $1
         AND NOT EXISTS (SELECT 1 FROM auction.lots w WHERE w.winner_id = lost.bidder_id)
       ORDER BY lost.lots_pushed DESC, lost.bidder_id
       LIMIT $2`,
      [minLostLots, limit],
    );
    return {
      thresholds: { minMutualLots, minLostLots },
      mutualBidding: pairs.map((p) => ({ employeeA: p.employee_a, employeeB: p.employee_b, lotsAOnB: p.lots_a_on_b, lotsBOnA: p.lots_b_on_a })),
      nonWinningPushers: pushers.map((p) => ({ bidderId: p.bidder_id, lotsPushed: p.lots_pushed, lotsWon: 0, maxima: p.maxima })),
    };
  }
}
