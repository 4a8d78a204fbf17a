import { hash } from 'node:crypto';
import { NOTIFICATION_CATEGORY_OF, type AuctionEvent, type NotificationKind } from '@megabot/contracts';
import { minimumNextBid, submittedMaximum, upcastLotClosed, upcastLotOpened } from '@megabot/domain';
import type { RecordedEvent } from '@megabot/event-store';
import type { AuctionNotificationRow, BidRow, LotRow, MaximumRow, ReserveRow } from '@megabot/read-model';

/*
 * The auction read model as pure functions of the recorded events: the lot
 * row (evolveLot), the rows an event adds beside it (rowsOf) and the
 * notifications it makes (notificationsOf). The projection loads the rows a
 * batch touches, folds with these and writes what changed.
 */

/** A recorded event read as the auction event it carries (its `type` and `data`; no copy on the hot path). */
const auctionEventOf = (event: RecordedEvent) => event as unknown as AuctionEvent;

const money = (amount: number): string => String(amount);
const moneyOrNull = (amount: number | null): string | null => (amount == null ? null : String(amount));

/**
 * The lot after the event. An event of an unknown lot, or at or below the
 * revision the row reflects (applied before), returns the row unchanged -
 * the same object - so a replay changes nothing.
 */
export function evolveLot(lot: LotRow | undefined, event: RecordedEvent): LotRow | undefined {
  const e = auctionEventOf(event);
  if (e.type === 'LotOpened') return lot ?? openedRow(e.data, event.revision);
  if (!lot || BigInt(lot.revision) >= event.revision) return lot;
  const next: LotRow = { ...lot, revision: event.revision.toString() };
  switch (e.type) {
    case 'ReservePriceSet':
      next.has_reserve = e.data.reservePrice !== null;
      // Set at opening or relisting, before any bid of the listing.
      next.reserve_met = next.has_reserve ? false : null;
      break;
    case 'MaximumSet':
      next.next_bid_no = Math.max(lot.next_bid_no, e.data.bidNo + 1);
      break;
    case 'BidPlaced': {
      const d = e.data;
      if (d.bidNo == null)
        next.next_bid_no++; // v1: the bid takes the next number (see rowsOf)
      else if (d.submitted) next.next_bid_no = Math.max(lot.next_bid_no, d.bidNo + 1); // v3: the maximum it carries
      next.current_price = money(d.amount);
      next.leader_id = d.bidderId;
      next.bid_count++;
      next.reserve_met = next.has_reserve ? (d.reserveMet ?? false) : null;
      break;
    }
    case 'BuyNowExpired':
      next.buy_now_available = false;
      break;
    case 'LotExtended':
      next.closes_at = new Date(e.data.closesAt);
      next.extensions = e.data.extension;
      break;
    case 'LotRepriced':
      next.current_price = moneyOrNull(e.data.price);
      next.leader_id = e.data.leaderId;
      next.reserve_met = e.data.reserveMet;
      break;
    case 'LotCancelled':
      next.status = 'cancelled';
      next.cancelled_at = new Date(e.data.cancelledAt);
      next.cancel_reason = e.data.reason;
      break;
    case 'LotRelisted': {
      const d = e.data;
      Object.assign(next, {
        status: 'open',
        closes_at: new Date(d.closesAt),
        extensions: 0,
        round: d.round,
        starting_price: money(d.startingPrice),
        has_reserve: d.hasReserve,
        reserve_met: d.hasReserve ? false : null,
        buy_now_price: moneyOrNull(d.buyNowPrice),
        buy_now_available: d.buyNowPrice !== null,
        current_price: null,
        leader_id: null,
        bid_count: 0,
        closed_at: null,
        outcome: null,
        close_reason: null,
        winner_id: null,
        final_price: null,
      } satisfies Partial<LotRow>);
      break;
    }
    case 'LotClosed': {
      const d = upcastLotClosed(e.data);
      next.status = 'closed';
      next.closed_at = new Date(d.closedAt);
      next.outcome = d.outcome;
      next.winner_id = d.winnerId;
      next.final_price = moneyOrNull(d.price);
      next.close_reason = d.reason;
      break;
    }
  }
  // The minimum next bid depends on these fields only (the rest of its inputs never change after the opening).
  if (
    next.status !== lot.status ||
    next.current_price !== lot.current_price ||
    next.leader_id !== lot.leader_id ||
    next.starting_price !== lot.starting_price
  ) {
    next.minimum_bid = next.status === 'open' ? minimumBidOf(next) : null;
  }
  return next;
}

/** A bid or retraction taken back: the maximum and the visible bid that followed it get this status. */
export type Withdrawal = Pick<MaximumRow, 'lot_id' | 'bid_no' | 'status'>;

/** What an applied event adds beside the lot row. */
export interface LotRows {
  bid?: BidRow;
  maximum?: MaximumRow;
  withdrawal?: Withdrawal;
  reserve?: ReserveRow;
}

const NO_ROWS: LotRows = Object.freeze({});

function maximumRow(lot: LotRow, bidNo: number, bidderId: string, amount: number, placedAt: string, outcome: MaximumRow['outcome']): MaximumRow {
  return {
    lot_id: lot.lot_id,
    bid_no: bidNo,
    bidder_id: bidderId,
    maximum: money(amount),
    placed_at: new Date(placedAt),
    outcome,
    status: 'active',
    round: lot.round,
  };
}

/** The rows an applied event adds to the other tables (`before` is the lot before it, `after` after). */
export function rowsOf(event: RecordedEvent, before: LotRow | undefined, after: LotRow): LotRows {
  const e = auctionEventOf(event);
  const revision = event.revision.toString();
  switch (e.type) {
    case 'ReservePriceSet':
      return { reserve: { lot_id: after.lot_id, reserve_price: moneyOrNull(e.data.reservePrice), revision } };
    case 'MaximumSet':
      return { maximum: maximumRow(after, e.data.bidNo, e.data.bidderId, e.data.maximum, e.data.placedAt, e.data.outcome) };
    case 'BidPlaced': {
      const d = e.data;
      // v1 has no MaximumSet: a plain bid whose maximum is its amount (as the domain folds it), numbered next.
      const bidNo = d.bidNo ?? before!.next_bid_no;
      const bid: BidRow = {
        event_id: event.id,
        lot_id: after.lot_id,
        bidder_id: d.bidderId,
        amount: money(d.amount),
        placed_at: new Date(d.placedAt),
        revision,
        bid_no: bidNo,
        by_proxy: d.byProxy ?? false,
        status: 'active',
        round: after.round,
      };
      if (d.bidNo == null) return { bid, maximum: maximumRow(after, bidNo, d.bidderId, d.amount, d.placedAt, 'leading') };
      // v3 carries the maximum that moved the price (v2 followed its MaximumSet)
      const m = d.submitted;
      return m ? { bid, maximum: maximumRow(after, bidNo, m.bidderId, m.maximum, d.placedAt, m.outcome) } : { bid };
    }
    case 'BidRetracted':
    case 'BidVoided':
      return { withdrawal: { lot_id: after.lot_id, bid_no: e.data.bidNo, status: e.type === 'BidRetracted' ? 'retracted' : 'voided' } };
    default:
      return NO_ROWS;
  }
}

/**
 * The bidders of the lot's current round before the event, in order of their
 * first bid in it: who a soft-close extension, a cancellation or the close
 * is told to. Starts from the bidders stored for the lot.
 */
export function evolveBidders(bidders: readonly string[], event: RecordedEvent): readonly string[] {
  const e = auctionEventOf(event);
  if (e.type === 'LotRelisted') return [];
  // a submitted maximum (MaximumSet, BidPlaced v3), or a v1 plain bid
  const bidder = submittedMaximum(e)?.bidderId ?? (e.type === 'BidPlaced' && e.data.bidNo == null ? e.data.bidderId : null);
  if (bidder === null) return bidders;
  return bidders.includes(bidder) ? bidders : [...bidders, bidder];
}

/**
 * The notifications an applied event makes. Outbid only when the leader's
 * maximum was surpassed (an automatic proxy step is no news); leading when a
 * withdrawal hands the lead to someone; extensions, cancellations and the
 * close go to every bidder of the round (`bidders`, see evolveBidders), and
 * to the seller and a buy-now winner who never bid.
 */
export function notificationsOf(
  event: RecordedEvent,
  before: LotRow | undefined,
  after: LotRow,
  bidders: readonly string[],
): readonly AuctionNotificationRow[] {
  const e = auctionEventOf(event);
  const to = (recipient: string, kind: NotificationKind, data: Record<string, unknown>) => notice(event, after, recipient, kind, data);
  const m = submittedMaximum(e); // MaximumSet, or BidPlaced v3
  if (m) {
    const outbid = before?.leader_id;
    return m.outcome === 'leading' && outbid != null && outbid !== m.bidderId ? [to(outbid, 'outbid', { bidNo: m.bidNo })] : NONE;
  }
  switch (e.type) {
    case 'LotRepriced':
      return e.data.leaderId !== null && e.data.leaderId !== before?.leader_id
        ? [to(e.data.leaderId, 'leading', { price: e.data.price, cause: e.data.cause })]
        : NONE;
    case 'LotExtended': {
      const data = { closesAt: e.data.closesAt, previousClosesAt: e.data.previousClosesAt };
      return bidders.map((b) => to(b, 'extended', data));
    }
    case 'LotCancelled': {
      const d = e.data;
      const seller = d.cancelledBy !== after.seller_id ? [to(after.seller_id, 'cancelled', { reason: d.reason })] : [];
      return once([...seller, ...bidders.filter((b) => b !== d.cancelledBy).map((b) => to(b, 'cancelled', { reason: d.reason }))]);
    }
    case 'LotClosed': {
      const d = upcastLotClosed(e.data);
      const facts = { price: d.price, reason: d.reason };
      return once([
        ...(d.winnerId ? [to(d.winnerId, 'won', facts)] : []), // a buy-now winner may never have bid
        to(after.seller_id, d.outcome === 'sold' ? 'sold' : 'not_sold', { ...facts, winnerId: d.winnerId }),
        ...bidders.map((b) => to(b, b === d.winnerId ? 'won' : 'lost', facts)),
      ]);
    }
    default:
      return NONE;
  }
}

const NONE: readonly AuctionNotificationRow[] = Object.freeze([]);

function notice(event: RecordedEvent, lot: LotRow, recipient: string, kind: NotificationKind, data: Record<string, unknown>): AuctionNotificationRow {
  return {
    id: notificationId(event.id, recipient),
    event_id: event.id,
    recipient_id: recipient,
    kind,
    category: NOTIFICATION_CATEGORY_OF[kind],
    lot_id: lot.lot_id,
    data: { title: lot.title, currency: lot.currency, ...data },
    created_at: event.recordedAt,
  };
}

/** One notice per recipient: the first, when an event names someone twice (a winner who also bid). */
function once(notices: AuctionNotificationRow[]): AuctionNotificationRow[] {
  const told = new Set<string>();
  return notices.filter((n) => !told.has(n.recipient_id) && told.add(n.recipient_id));
}

/**
 * The notification's id, derived from (event id, recipient) so a rebuild
 * recreates the same ids: md5 of "<event id>:<recipient>" as a UUID, the
 * event id in PostgreSQL's text form of a uuid.
 */
export function notificationId(eventId: string, recipient: string): string {
  const h = hash('md5', `${CANONICAL_UUID.test(eventId) ? eventId : canonicalUuid(eventId)}:${recipient}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function canonicalUuid(id: string): string {
  const hex = id.toLowerCase().replace(/[^0-9a-f]/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The domain's rule (tiered increments, the seller's step), so the read model never disagrees with the decider. */
function minimumBidOf(lot: LotRow): string {
  return money(
    minimumNextBid(
      { leaderId: lot.leader_id, leaderMaximum: null, price: lot.current_price === null ? null : Number(lot.current_price) },
      { startingPrice: Number(lot.starting_price), sellerStep: Number(lot.min_increment), incrementTiers: lot.increment_tiers, reservePrice: null },
    ),
  );
}

function openedRow(data: Extract<AuctionEvent, { type: 'LotOpened' }>['data'], revision: bigint): LotRow {
  const d = upcastLotOpened(data);
  const row: LotRow = {
    lot_id: d.lotId,
    kind: d.kind,
    title: d.title,
    description: d.description,
    seller_id: d.sellerId,
    currency: d.currency,
    starting_price: money(d.startingPrice),
    min_increment: money(d.minIncrement),
    increment_tiers: d.rules.incrementTiers,
    current_price: null,
    leader_id: null,
    bid_count: 0,
    status: 'open',
    opened_at: new Date(d.opensAt),
    closes_at: new Date(d.closesAt),
    closed_at: null,
    outcome: null,
    winner_id: null,
    final_price: null,
    details: d.details,
    revision: revision.toString(),
    minimum_bid: null,
    extensions: 0,
    max_extensions: d.rules.softClose.maxExtensions,
    has_reserve: d.hasReserve,
    reserve_met: d.hasReserve ? false : null,
    buy_now_price: moneyOrNull(d.buyNowPrice),
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
