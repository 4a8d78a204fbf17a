import { AUCTION_EVENT_TYPES, NOTIFICATION_CATEGORY_OF, type AuctionEvent, type IncrementTier, type NotificationKind } from '@megabot/contracts';
import { minimumNextBid, upcastLotClosed, upcastLotOpened } from '@megabot/domain';
import type { RecordedEvent } from '@megabot/event-store';
import type { Projection, Sql } from '../projection';

/** One row of `auction.lots` as the projection folds it (money as numbers; they stay below 2^53). */
interface LotRow {
  lot_id: string;
  kind: string;
  title: string;
  description: string;
  seller_id: string;
  currency: string;
  starting_price: number;
  min_increment: number;
  increment_tiers: IncrementTier[];
  current_price: number | null;
  leader_id: string | null;
  bid_count: number;
  status: string;
  opened_at: string;
  closes_at: string;
  closed_at: string | null;
  outcome: string | null;
  winner_id: string | null;
  final_price: number | null;
  details: unknown;
  revision: string;
  minimum_bid: number | null;
  extensions: number;
  max_extensions: number;
  has_reserve: boolean;
  reserve_met: boolean | null;
  buy_now_price: number | null;
  buy_now_available: boolean;
  close_reason: string | null;
  round: number;
  next_bid_no: number;
  delegates: string[];
  opened_by: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

const LOT_COLUMNS: [keyof LotRow, string][] = [
  ['lot_id', 'text'],
  ['kind', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['seller_id', 'text'],
  ['currency', 'text'],
  ['starting_price', 'bigint'],
  ['min_increment', 'bigint'],
  ['increment_tiers', 'jsonb'],
  ['current_price', 'bigint'],
  ['leader_id', 'text'],
  ['bid_count', 'int'],
  ['status', 'text'],
  ['opened_at', 'timestamptz'],
  ['closes_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['outcome', 'text'],
  ['winner_id', 'text'],
  ['final_price', 'bigint'],
  ['details', 'jsonb'],
  ['revision', 'bigint'],
  ['minimum_bid', 'bigint'],
  ['extensions', 'int'],
  ['max_extensions', 'int'],
  ['has_reserve', 'boolean'],
  ['reserve_met', 'boolean'],
  ['buy_now_price', 'bigint'],
  ['buy_now_available', 'boolean'],
  ['close_reason', 'text'],
  ['round', 'int'],
  ['next_bid_no', 'int'],
  ['delegates', 'jsonb'],
  ['opened_by', 'text'],
  ['cancelled_at', 'timestamptz'],
  ['cancel_reason', 'text'],
];

/** A notification for one recipient, or (fan-out) for every bidder of the lot's current round. */
interface DirectNotification {
  event_id: string;
  recipient_id: string;
  kind: NotificationKind;
  category: string;
  lot_id: string;
  data: Record<string, unknown>;
  created_at: string;
}
interface FanOutNotification {
  event_id: string;
  lot_id: string;
  round: number;
  /** 'closed' becomes won / lost per bidder. */
  kind: 'extended' | 'cancelled' | 'closed';
  /** Only bidders whose first bid came before the event (bid numbers up to this one): the same recipients whatever the batch boundaries. */
  max_bid_no: number;
  winner_id: string | null;
  /** Not notified by the fan-out (e.g. the seller cancelling their own lot). */
  except_id: string | null;
  data: Record<string, unknown>;
  created_at: string;
}

const HANDLED = new Set<string>(AUCTION_EVENT_TYPES);

/**
 * The auction read model: lots (public), visible bid history (public),
 * maxima and reserves (private tables), and the notifications outbox.
 *
 * A batch is folded in memory first - starting from the current rows of the
 * lots it touches (one SELECT) - then written with one statement per table,
 * so a hot lot costs a few statements per batch, not per bid. Lot rows carry
 * the last applied stream revision and every event at or below it is skipped:
 * applying an event twice changes nothing. Inserts are keyed (event id,
 * (lot, bid no), (event, recipient)) and ignore conflicts for the same reason.
 */
export class AuctionProjection implements Projection {
  readonly name = 'auction';
  readonly schema = 'auction';

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void> {
    const lotIds = [...new Set(events.map((e) => (e.data as { lotId: string }).lotId))];
    const existing: LotRow[] = await sql.query(
      `SELECT ${LOT_COLUMNS.map(([c]) => c).join(', ')} FROM ${schema}.lots WHERE lot_id = ANY($1::text[])`,
      [lotIds],
    );
    const lots = new Map<string, LotRow>(existing.map((r) => [r.lot_id, normalize(r)]));
    const changed = new Set<string>();
    const bids: Record<string, unknown>[] = [];
    const maxima: Record<string, unknown>[] = [];
    const withdrawals: { lot_id: string; bid_no: number; status: string }[] = [];
    const reserves = new Map<string, { lot_id: string; reserve_price: number | null; revision: string }>();
    const direct: DirectNotification[] = [];
    const fanOut: FanOutNotification[] = [];
    const notify = (recorded: RecordedEvent, recipient: string, kind: NotificationKind, lot: LotRow, data: Record<string, unknown> = {}) =>
      direct.push({
        event_id: recorded.id,
        recipient_id: recipient,
        kind,
        category: NOTIFICATION_CATEGORY_OF[kind],
        lot_id: lot.lot_id,
        data: { title: lot.title, currency: lot.currency, ...data },
        created_at: recorded.recordedAt.toISOString(),
      });

    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as AuctionEvent;
      const revision = recorded.revision.toString();
      let lot = lots.get(e.data.lotId);
      if (e.type === 'LotOpened') {
        if (lot) continue; // already projected
        lot = openedRow(e.data, revision);
        lots.set(lot.lot_id, lot);
        changed.add(lot.lot_id);
        continue;
      }
      if (!lot || BigInt(lot.revision) >= recorded.revision) continue; // unknown lot, or applied before
      lot.revision = revision;
      changed.add(lot.lot_id);
      switch (e.type) {
        case 'ReservePriceSet': {
          const d = e.data;
          reserves.set(d.lotId, { lot_id: d.lotId, reserve_price: d.reservePrice, revision });
          lot.has_reserve = d.reservePrice !== null;
          // Set at opening or relisting, before any bid of the listing.
          lot.reserve_met = lot.has_reserve ? false : null;
          break;
        }
        case 'MaximumSet': {
          const d = e.data;
          maxima.push({ lot_id: d.lotId, bid_no: d.bidNo, bidder_id: d.bidderId, maximum: d.maximum, placed_at: d.placedAt, outcome: d.outcome, round: lot.round });
          lot.next_bid_no = Math.max(lot.next_bid_no, d.bidNo + 1);
          // Outbid = the leader's maximum was surpassed; an automatic proxy step is no news.
          if (d.outcome === 'leading' && lot.leader_id !== null && lot.leader_id !== d.bidderId) {
            notify(recorded, lot.leader_id, 'outbid', lot, { bidNo: d.bidNo });
          }
          break;
        }
        case 'BidPlaced': {
          const d = e.data;
          let bidNo = d.bidNo ?? null;
          if (bidNo === null) {
            // v1: a plain bid whose maximum is its amount (as the domain folds it).
            bidNo = lot.next_bid_no;
            maxima.push({ lot_id: d.lotId, bid_no: bidNo, bidder_id: d.bidderId, maximum: d.amount, placed_at: d.placedAt, outcome: 'leading', round: lot.round });
            lot.next_bid_no++;
          }
          bids.push({
            event_id: recorded.id,
            lot_id: d.lotId,
            bidder_id: d.bidderId,
            amount: d.amount,
            placed_at: d.placedAt,
            revision,
            bid_no: bidNo,
            by_proxy: d.byProxy ?? false,
            round: lot.round,
          });
          lot.current_price = d.amount;
          lot.leader_id = d.bidderId;
          lot.bid_count++;
          lot.reserve_met = lot.has_reserve ? (d.reserveMet ?? false) : null;
          break;
        }
        case 'BuyNowExpired':
          lot.buy_now_available = false;
          break;
        case 'LotExtended': {
          const d = e.data;
          lot.closes_at = d.closesAt;
          lot.extensions = d.extension;
          fanOut.push(fan(recorded, lot, 'extended', { closesAt: d.closesAt, previousClosesAt: d.previousClosesAt }));
          break;
        }
        case 'BidRetracted':
        case 'BidVoided':
          withdrawals.push({ lot_id: e.data.lotId, bid_no: e.data.bidNo, status: e.type === 'BidRetracted' ? 'retracted' : 'voided' });
          break;
        case 'LotRepriced': {
          const d = e.data;
          const before = lot.leader_id;
          lot.current_price = d.price;
          lot.leader_id = d.leaderId;
          lot.reserve_met = d.reserveMet;
          if (d.leaderId !== null && d.leaderId !== before) notify(recorded, d.leaderId, 'leading', lot, { price: d.price, cause: d.cause });
          break;
        }
        case 'LotCancelled': {
          const d = e.data;
          lot.status = 'cancelled';
          lot.cancelled_at = d.cancelledAt;
          lot.cancel_reason = d.reason;
          fanOut.push({ ...fan(recorded, lot, 'cancelled', { reason: d.reason }), except_id: d.cancelledBy });
          if (d.cancelledBy !== lot.seller_id) notify(recorded, lot.seller_id, 'cancelled', lot, { reason: d.reason });
          break;
        }
        case 'LotRelisted': {
          const d = e.data;
          Object.assign(lot, {
            status: 'open',
            closes_at: d.closesAt,
            extensions: 0,
            round: d.round,
            starting_price: d.startingPrice,
            has_reserve: d.hasReserve,
            reserve_met: d.hasReserve ? false : null,
            buy_now_price: d.buyNowPrice,
            buy_now_available: d.buyNowPrice !== null,
            current_price: null,
            leader_id: null,
            bid_count: 0,
            closed_at: null,
            outcome: null,
            close_reason: null,
            winner_id: null,
            final_price: null,
          });
          break;
        }
        case 'LotClosed': {
          const d = upcastLotClosed(e.data);
          lot.status = 'closed';
          lot.closed_at = d.closedAt;
          lot.outcome = d.outcome;
          lot.winner_id = d.winnerId;
          lot.final_price = d.price;
          lot.close_reason = d.reason;
          const facts = { price: d.price, reason: d.reason };
          fanOut.push({ ...fan(recorded, lot, 'closed', facts), winner_id: d.winnerId });
          if (d.winnerId) notify(recorded, d.winnerId, 'won', lot, facts); // a buy-now winner may never have bid
          notify(recorded, lot.seller_id, d.outcome === 'sold' ? 'sold' : 'not_sold', lot, { ...facts, winnerId: d.winnerId });
          break;
        }
      }
      lot.minimum_bid = lot.status === 'open' ? minimumBidOf(lot) : null;
    }

    const rows = [...changed].map((id) => lots.get(id)!);
    if (rows.length) {
      const cols = LOT_COLUMNS.map(([c]) => c);
      await sql.query(
        `INSERT INTO ${schema}.lots (${cols.join(', ')})
         SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${LOT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
         ON CONFLICT (lot_id) DO UPDATE SET ${cols.filter((c) => c !== 'lot_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
         WHERE ${schema}.lots.revision < EXCLUDED.revision`,
        [JSON.stringify(rows)],
      );
    }
    if (bids.length) {
      await sql.query(
        `INSERT INTO ${schema}.bids (event_id, lot_id, bidder_id, amount, placed_at, revision, bid_no, by_proxy, round)
         SELECT event_id, lot_id, bidder_id, amount, placed_at, revision, bid_no, by_proxy, round
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, lot_id text, bidder_id text, amount bigint, placed_at timestamptz,
           revision bigint, bid_no int, by_proxy boolean, round int)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(bids)],
      );
    }
    if (maxima.length) {
      await sql.query(
        `INSERT INTO ${schema}.maxima (lot_id, bid_no, bidder_id, maximum, placed_at, outcome, round)
         SELECT lot_id, bid_no, bidder_id, maximum, placed_at, outcome, round
         FROM jsonb_to_recordset($1::jsonb) AS r(lot_id text, bid_no int, bidder_id text, maximum bigint, placed_at timestamptz, outcome text, round int)
         ON CONFLICT (lot_id, bid_no) DO NOTHING`,
        [JSON.stringify(maxima)],
      );
    }
    if (withdrawals.length) {
      // After the inserts: a bid and its withdrawal may share a batch.
      await sql.query(
        `UPDATE ${schema}.maxima m SET status = w.status
         FROM jsonb_to_recordset($1::jsonb) AS w(lot_id text, bid_no int, status text)
         WHERE m.lot_id = w.lot_id AND m.bid_no = w.bid_no`,
        [JSON.stringify(withdrawals)],
      );
      await sql.query(
        `UPDATE ${schema}.bids b SET status = w.status
         FROM jsonb_to_recordset($1::jsonb) AS w(lot_id text, bid_no int, status text)
         WHERE b.lot_id = w.lot_id AND b.bid_no = w.bid_no`,
        [JSON.stringify(withdrawals)],
      );
    }
    if (reserves.size) {
      await sql.query(
        `INSERT INTO ${schema}.reserves (lot_id, reserve_price, revision)
         SELECT lot_id, reserve_price, revision FROM jsonb_to_recordset($1::jsonb) AS r(lot_id text, reserve_price bigint, revision bigint)
         ON CONFLICT (lot_id) DO UPDATE SET reserve_price = EXCLUDED.reserve_price, revision = EXCLUDED.revision
         WHERE ${schema}.reserves.revision < EXCLUDED.revision`,
        [JSON.stringify([...reserves.values()])],
      );
    }
    if (direct.length || fanOut.length) {
      // After the maxima: a fan-out reaches the bidders of this very batch too.
      // The id is derived from (event id, recipient): a rebuild produces the same ids.
      await sql.query(
        `INSERT INTO ${schema}.notifications (id, event_id, recipient_id, kind, category, lot_id, data, created_at)
         SELECT md5(n.event_id::text || ':' || n.recipient_id)::uuid, n.event_id, n.recipient_id, n.kind, n.category, n.lot_id, n.data, n.created_at
         FROM (
           SELECT event_id, recipient_id, kind, category, lot_id, data, created_at
           FROM jsonb_to_recordset($1::jsonb) AS d(event_id uuid, recipient_id text, kind text, category text, lot_id text, data jsonb, created_at timestamptz)
           UNION ALL
           SELECT f.event_id, b.bidder_id,
             CASE WHEN f.kind <> 'closed' THEN f.kind WHEN b.bidder_id = f.winner_id THEN 'won' ELSE 'lost' END,
             CASE f.kind WHEN 'closed' THEN 'lot_closed' WHEN 'extended' THEN 'lot_extended' ELSE 'lot_cancelled' END,
             f.lot_id, f.data, f.created_at
           FROM jsonb_to_recordset($2::jsonb) AS f(event_id uuid, lot_id text, round int, kind text, max_bid_no int, winner_id text, except_id text,
             data jsonb, created_at timestamptz)
           JOIN (SELECT lot_id, round, bidder_id, min(bid_no) AS first_bid_no FROM ${schema}.maxima WHERE lot_id = ANY($3::text[]) GROUP BY lot_id, round, bidder_id) b
             ON b.lot_id = f.lot_id AND b.round = f.round AND b.first_bid_no <= f.max_bid_no
           WHERE b.bidder_id IS DISTINCT FROM f.except_id
         ) n
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(direct), JSON.stringify(fanOut), [...new Set(fanOut.map((f) => f.lot_id))]],
      );
    }
  }
}

function fan(recorded: RecordedEvent, lot: LotRow, kind: FanOutNotification['kind'], data: Record<string, unknown>): FanOutNotification {
  return {
    event_id: recorded.id,
    lot_id: lot.lot_id,
    round: lot.round,
    kind,
    max_bid_no: lot.next_bid_no - 1,
    winner_id: null,
    except_id: null,
    data: { title: lot.title, currency: lot.currency, ...data },
    created_at: recorded.recordedAt.toISOString(),
  };
}

/** The domain's rule (tiered increments, the seller's step), so the read model never disagrees with the decider. */
function minimumBidOf(lot: LotRow): number {
  return minimumNextBid(
    { leaderId: lot.leader_id, leaderMaximum: null, price: lot.current_price },
    { startingPrice: lot.starting_price, sellerStep: lot.min_increment, incrementTiers: lot.increment_tiers, reservePrice: null },
  );
}

function openedRow(data: Extract<AuctionEvent, { type: 'LotOpened' }>['data'], revision: string): LotRow {
  const d = upcastLotOpened(data);
  const row: LotRow = {
    lot_id: d.lotId,
    kind: d.kind,
    title: d.title,
    description: d.description,
    seller_id: d.sellerId,
    currency: d.currency,
    starting_price: d.startingPrice,
    min_increment: d.minIncrement,
    increment_tiers: d.rules.incrementTiers,
    current_price: null,
    leader_id: null,
    bid_count: 0,
    status: 'open',
    opened_at: d.opensAt,
    closes_at: d.closesAt,
    closed_at: null,
    outcome: null,
    winner_id: null,
    final_price: null,
    details: d.details,
    revision,
    minimum_bid: null,
    extensions: 0,
    max_extensions: d.rules.softClose.maxExtensions,
    has_reserve: d.hasReserve,
    reserve_met: d.hasReserve ? false : null,
    buy_now_price: d.buyNowPrice,
    buy_now_available: d.buyNowPrice !== null,
    close_reason: null,
    round: 1,
    next_bid_no: 1,
    delegates: d.delegates,
    opened_by: d.openedBy?.employeeId ?? null,
    cancelled_at: null,
    cancel_reason: null,
  };
  row.minimum_bid = minimumBidOf(row);
  return row;
}

/** pg returns bigint as text and timestamps as Date: back to the shapes the fold uses. */
function normalize(r: LotRow): LotRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const iso = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
  return {
    ...r,
    starting_price: Number(r.starting_price),
    min_increment: Number(r.min_increment),
    current_price: num(r.current_price),
    final_price: num(r.final_price),
    minimum_bid: num(r.minimum_bid),
    buy_now_price: num(r.buy_now_price),
    revision: String(r.revision),
    opened_at: iso(r.opened_at)!,
    closes_at: iso(r.closes_at)!,
    closed_at: iso(r.closed_at),
    cancelled_at: iso(r.cancelled_at),
  };
}
