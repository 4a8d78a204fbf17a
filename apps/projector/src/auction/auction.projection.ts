import type { AuctionEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { Projection, Sql } from '../projection';

interface LotPatch {
  lot_id: string;
  revision: string;
  current_price: number | null;
  leader_id: string | null;
  bid_delta: number;
  status: string | null;
  closed_at: string | null;
  outcome: string | null;
  winner_id: string | null;
  final_price: number | null;
}

/**
 * Lots list and lot detail with bid history. A batch is folded in memory
 * first, then written with one statement per table, so a hot lot costs a
 * few statements per batch, not per bid. Rows carry the last applied stream
 * revision: an event applied twice changes nothing.
 */
export class AuctionProjection implements Projection {
  readonly name = 'auction';
  readonly schema = 'auction';
  private readonly types = new Set(['LotOpened', 'BidPlaced', 'LotClosed']);

  handles(type: string): boolean {
    return this.types.has(type);
  }

  async apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void> {
    const opened: Record<string, unknown>[] = [];
    const bids: Record<string, unknown>[] = [];
    const patches = new Map<string, LotPatch>();
    const patch = (lotId: string, revision: bigint) => {
      let p = patches.get(lotId);
      if (!p) {
        p = { lot_id: lotId, revision: '0', current_price: null, leader_id: null, bid_delta: 0, status: null, closed_at: null, outcome: null, winner_id: null, final_price: null };
        patches.set(lotId, p);
      }
      p.revision = revision.toString();
      return p;
    };

    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as AuctionEvent;
      switch (e.type) {
        case 'LotOpened': {
          const d = e.data;
          opened.push({
            lot_id: d.lotId,
            kind: d.kind,
            title: d.title,
            description: d.description,
            seller_id: d.sellerId,
            currency: d.currency,
            starting_price: d.startingPrice,
            min_increment: d.minIncrement,
            status: 'open',
            opened_at: d.opensAt,
            closes_at: d.closesAt,
            details: d.details,
            revision: recorded.revision.toString(),
          });
          break;
        }
        case 'BidPlaced': {
          const d = e.data;
          bids.push({
            event_id: recorded.id,
            lot_id: d.lotId,
            bidder_id: d.bidderId,
            amount: d.amount,
            placed_at: d.placedAt,
            revision: recorded.revision.toString(),
          });
          const p = patch(d.lotId, recorded.revision);
          p.current_price = d.amount;
          p.leader_id = d.bidderId;
          p.bid_delta++;
          break;
        }
        case 'LotClosed': {
          const d = e.data;
          const p = patch(d.lotId, recorded.revision);
          p.status = 'closed';
          p.closed_at = d.closedAt;
          p.outcome = d.outcome;
          p.winner_id = d.winnerId;
          p.final_price = d.price;
          break;
        }
      }
    }

    if (opened.length) {
      await sql.query(
        `INSERT INTO ${schema}.lots (lot_id, kind, title, description, seller_id, currency, starting_price, min_increment,
           status, opened_at, closes_at, details, revision, bid_count)
         SELECT lot_id, kind, title, description, seller_id, currency, starting_price, min_increment,
           status, opened_at, closes_at, details, revision, 0
         FROM jsonb_to_recordset($1::jsonb) AS r(lot_id text, kind text, title text, description text, seller_id text,
           currency text, starting_price bigint, min_increment bigint, status text, opened_at timestamptz,
           closes_at timestamptz, details jsonb, revision bigint)
         ON CONFLICT (lot_id) DO NOTHING`,
        [JSON.stringify(opened)],
      );
    }
    if (bids.length) {
      await sql.query(
        `INSERT INTO ${schema}.bids (event_id, lot_id, bidder_id, amount, placed_at, revision)
         SELECT event_id, lot_id, bidder_id, amount, placed_at, revision
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, lot_id text, bidder_id text, amount bigint, placed_at timestamptz, revision bigint)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(bids)],
      );
    }
    if (patches.size) {
      await sql.query(
        `UPDATE ${schema}.lots l SET
           current_price = COALESCE(p.current_price, l.current_price),
           leader_id = COALESCE(p.leader_id, l.leader_id),
           bid_count = l.bid_count + p.bid_delta,
           status = COALESCE(p.status, l.status),
           closed_at = COALESCE(p.closed_at, l.closed_at),
           outcome = COALESCE(p.outcome, l.outcome),
           winner_id = COALESCE(p.winner_id, l.winner_id),
           final_price = COALESCE(p.final_price, l.final_price),
           revision = p.revision
         FROM jsonb_to_recordset($1::jsonb) AS p(lot_id text, revision bigint, current_price bigint, leader_id text,
           bid_delta int, status text, closed_at timestamptz, outcome text, winner_id text, final_price bigint)
         WHERE l.lot_id = p.lot_id AND l.revision < p.revision`,
        [JSON.stringify([...patches.values()])],
      );
    }
  }
}
