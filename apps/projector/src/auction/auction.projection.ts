import { AUCTION_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { AuctionNotificationRow, BidRow, LotRow, MaximumRow, ReserveRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveBidders, evolveLot, notificationsOf, rowsOf, type Withdrawal } from './auction.fold';

const HANDLED = new Set<string>(AUCTION_EVENT_TYPES);
/** Events whose notifications go to every bidder of the round. */
const FAN_OUT = new Set<string>(['LotExtended', 'LotCancelled', 'LotClosed']);

const lotIdOf = (e: RecordedEvent) => (e.data as { lotId: string }).lotId;

/**
 * The auction read model: lots (public), visible bid history (public),
 * maxima and reserves (private tables), and the notifications outbox.
 *
 * A batch loads the lots it touches (one SELECT), folds its events in memory
 * with the pure functions of auction.fold, then writes one statement per
 * table, so a hot lot costs a few statements per batch, not per bid. Lot
 * rows carry the last applied stream revision (evolveLot skips an event at
 * or below it) and every other row is keyed by what it records (event id,
 * (lot, bid no), (event, recipient)): applying an event twice changes nothing.
 */
export class AuctionProjection implements Projection {
  readonly name = 'auction';
  readonly schema = 'auction';

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const lots = await tables.load(LotRow, events.map(lotIdOf));
    const bidders = await this.biddersOf(tables, new Set(events.filter((e) => FAN_OUT.has(e.type)).map(lotIdOf)));
    const bids: BidRow[] = [];
    const maxima: MaximumRow[] = [];
    const withdrawals: Withdrawal[] = [];
    const reserves = new Map<string, ReserveRow>();
    const notifications: AuctionNotificationRow[] = [];

    for (const event of events) {
      const lotId = lotIdOf(event);
      const { before, after } = lots.fold(lotId, event, evolveLot);
      if (!after || after === before) continue; // unknown lot, or applied before
      const rows = rowsOf(event, before, after);
      if (rows.bid) bids.push(rows.bid);
      if (rows.maximum) maxima.push(rows.maximum);
      if (rows.withdrawal) withdrawals.push(rows.withdrawal);
      if (rows.reserve) reserves.set(lotId, rows.reserve);
      const round = bidders.get(lotId);
      // Only fan-out events read the bidders, and their lots' bidders are loaded.
      notifications.push(...notificationsOf(event, before, after, round ?? []));
      if (round) bidders.set(lotId, evolveBidders(round, event));
    }

    await tables.upsert(LotRow, lots.changed(), { newerBy: 'revision' });
    await tables.insertIgnore(BidRow, bids);
    await tables.insertIgnore(MaximumRow, maxima);
    // After the inserts: a bid and its withdrawal may share a batch.
    await tables.update(MaximumRow, withdrawals, { by: ['lot_id', 'bid_no'] });
    await tables.update(BidRow, withdrawals, { by: ['lot_id', 'bid_no'] });
    await tables.upsert(ReserveRow, [...reserves.values()], { newerBy: 'revision' });
    await tables.insertIgnore(AuctionNotificationRow, notifications);
  }

  /**
   * The stored bidders of each lot's current round (see evolveBidders), read
   * only for lots with an event that notifies them all: a hot lot's batch of
   * bids does not aggregate its maxima.
   */
  private async biddersOf(tables: TableWriter, lotIds: Set<string>): Promise<Map<string, readonly string[]>> {
    const bidders = new Map<string, string[]>([...lotIds].map((id) => [id, []]));
    if (!lotIds.size) return bidders;
    const rows: { lot_id: string; bidder_id: string }[] = await tables.query(
      `SELECT m.lot_id, m.bidder_id FROM ${tables.name(MaximumRow)} m JOIN ${tables.name(LotRow)} l ON l.lot_id = m.lot_id AND l.round = m.round
       WHERE m.lot_id = ANY($1::text[]) GROUP BY m.lot_id, m.bidder_id ORDER BY m.lot_id, min(m.bid_no)`,
      [[...lotIds]],
    );
    for (const r of rows) bidders.get(r.lot_id)!.push(r.bidder_id);
    return bidders;
  }
}
