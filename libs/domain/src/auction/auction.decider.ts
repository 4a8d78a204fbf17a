import { AUCTION_SCHEMA_VERSIONS, auctionStreamId, isAdmin, leaderBidRefused, takesBids } from '@megabot/contracts';
import type { Actor, AuctionEvent, BidPlaced, LotCloseReason, LotDetails, LotExtended, LotKind, LotRepriced, MaximumSet } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { AuctionErrors } from './auction.errors';
import { applyMaximum, replayMaxima, reserveMet } from './auction.proxy';
import { minutesToMs, resolveRules, type AuctionRulesInput } from './auction.rules';
import {
  activeBids,
  initialState,
  bookOf,
  maximumOf,
  minimumBid,
  pricingTerms,
  type AuctionState,
  type LotFields,
  type LotState,
  type OpenLotState,
} from './auction.state';
import { submittedMaximum, upcastAuctionEvent, upcastLotClosed, upcastLotOpened } from './auction.upcast';
import { appendBid, EMPTY_BID_LOG, findLastBid, type BidEntry } from './bid-log';

export * from './auction.rules';
export * from './auction.proxy';
export * from './auction.state';
export * from './auction.upcast';
export * from './auction.answers';
export * from './bid-log';

/* ------------------------------------------------------------------ commands */

/**
 * Opens a lot. Company lots (parking_spot, hardware) need an opener with the
 * admin role; an own lot's seller must be its opener.
 *
 * Defaults (see auction.rules.ts): increment tiers DEFAULT_INCREMENT_TIERS
 * (about 1-5% of the price) combined with the seller's step `minIncrement`
 * (the larger applies; absent = 0 = tiers only); soft close 5 min window /
 * +5 min / at most 10 extensions; retraction within 10 min of the bid and
 * not in the last 60 min; amounts capped at 10,000,000,000 minor units; no
 * reserve, no buy-now, no delegates; currency RUB. The resolved rules are
 * frozen into LotOpened.
 */
export interface OpenLot {
  type: 'OpenLot';
  lotId: string;
  kind: LotKind;
  title: string;
  description: string;
  sellerId: string;
  startingPrice: number;
  /** The seller's own minimum step; the increment that applies is max(tier, this). */
  minIncrement?: number;
  currency?: string;
  closesAt: string;
  details: LotDetails;
  /**
   * Who opens the lot and their roles. Transitional: when absent the opener is
   * taken to be the seller without roles - enough for an own lot, never for a
   * company lot. Callers should always pass it.
   */
  openedBy?: Actor;
  /** Hidden reserve (must be above the starting price). */
  reservePrice?: number | null;
  /** Buy-now price (above the starting price, not below the reserve). */
  buyNowPrice?: number | null;
  /** The seller's delegates: they may not bid. */
  delegates?: string[];
  rules?: AuctionRulesInput;
}
/**
 * Submits the bidder's maximum. A plain bid is simply a maximum equal to the
 * amount: the visible price only rises as far as competition requires.
 */
export interface PlaceBid {
  type: 'PlaceBid';
  lotId: string;
  bidderId: string;
  amount: number;
}
/** Ends the lot at once at its buy-now price (while the option is available). */
export interface BuyNow {
  type: 'BuyNow';
  lotId: string;
  buyerId: string;
}
/** A bidder takes one of their bids back (within the lot's retraction policy). */
export interface RetractBid {
  type: 'RetractBid';
  lotId: string;
  bidderId: string;
  bidNo: number;
}
/** An admin voids a bid, with a reason. */
export interface VoidBid {
  type: 'VoidBid';
  lotId: string;
  bidNo: number;
  actor: Actor;
  reason: string;
}
/** An admin cancels a lot any time before it closes (reason required); the seller may withdraw it while nobody bids. */
export interface CancelLot {
  type: 'CancelLot';
  lotId: string;
  actor: Actor;
  reason?: string;
}
/** The seller or an admin lists an unsold lot again: new closing time, bids cleared, same stream; optionally new prices. */
export interface RelistLot {
  type: 'RelistLot';
  lotId: string;
  actor: Actor;
  closesAt: string;
  startingPrice?: number;
  /** undefined = keep, null = remove. */
  reservePrice?: number | null;
  /** undefined = keep, null = remove. */
  buyNowPrice?: number | null;
}
/** Closes a lot at or after its (possibly extended) closing time; a second close is a no-op. */
export interface CloseLot {
  type: 'CloseLot';
  lotId: string;
}
export type AuctionCommand = OpenLot | PlaceBid | BuyNow | RetractBid | VoidBid | CancelLot | RelistLot | CloseLot;

/* -------------------------------------------------------------------- evolve */

/** A lot as bidding (re)starts — opened or relisted: no bids, no leader, nothing closed, buy-now offered if set. */
function freshBidding(buyNowPrice: number | null) {
  return {
    extensions: 0,
    reserveMet: false,
    buyNowAvailable: buyNowPrice !== null,
    currentPrice: null,
    leaderId: null,
    leaderMaximum: null,
    bidCount: 0,
    bids: EMPTY_BID_LOG,
    withdrawn: {},
    closedAt: null,
    outcome: null,
    closeReason: null,
    winnerId: null,
    finalPrice: null,
  };
}

export function evolve(state: AuctionState, event: AuctionEvent): AuctionState {
  if (event.type === 'LotOpened') {
    const d = upcastLotOpened(event.data);
    return {
      status: 'open',
      lotId: d.lotId,
      kind: d.kind,
      sellerId: d.sellerId,
      delegates: d.delegates,
      openedBy: d.openedBy,
      currency: d.currency,
      startingPrice: d.startingPrice,
      minIncrement: d.minIncrement,
      rules: d.rules,
      opensAt: d.opensAt,
      closesAt: d.closesAt,
      round: 1,
      hasReserve: d.hasReserve,
      reservePrice: null,
      buyNowPrice: d.buyNowPrice,
      nextBidNo: 1,
      cancelledAt: null,
      ...freshBidding(d.buyNowPrice),
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ReservePriceSet': {
      const reservePrice = event.data.reservePrice;
      return { ...state, reservePrice, hasReserve: reservePrice !== null, reserveMet: reserveMet(bookOf(state), reservePrice) };
    }
    case 'MaximumSet':
      return withMaximum(state, event.data);
    case 'BidPlaced': {
      const d = event.data;
      let next = d.submitted ? withMaximum(state, submittedMaximum(event)!) : state;
      if (d.bidNo === undefined) {
        // v1: a plain bid that led at its amount; its maximum is the amount.
        next = {
          ...next,
          bids: appendBid(next.bids, { bidNo: next.nextBidNo, bidderId: d.bidderId, maximum: d.amount, placedAt: d.placedAt }),
          nextBidNo: next.nextBidNo + 1,
          leaderMaximum: d.amount,
        };
      }
      return { ...next, currentPrice: d.amount, leaderId: d.bidderId, bidCount: next.bidCount + 1, reserveMet: d.reserveMet ?? false };
    }
    case 'BuyNowExpired':
      return { ...state, buyNowAvailable: false };
    case 'LotExtended':
      return { ...state, closesAt: event.data.closesAt, extensions: event.data.extension };
    case 'BidRetracted':
    case 'BidVoided': {
      const withdrawn = { ...state.withdrawn, [event.data.bidNo]: event.type === 'BidRetracted' ? ('retracted' as const) : ('voided' as const) };
      const next = { ...state, withdrawn };
      // The leader may have withdrawn a raise: their maximum falls back (any visible change follows as LotRepriced).
      return { ...next, leaderMaximum: next.leaderId === null ? null : maximumOf(next, next.leaderId) };
    }
    case 'LotRepriced': {
      const d = event.data;
      const next = { ...state, currentPrice: d.price, leaderId: d.leaderId, reserveMet: d.reserveMet ?? false };
      return { ...next, leaderMaximum: d.leaderId === null ? null : maximumOf(next, d.leaderId) };
    }
    case 'LotCancelled':
      return { ...state, status: 'cancelled', cancelledAt: event.data.cancelledAt };
    case 'LotRelisted': {
      const d = event.data;
      return {
        ...state,
        status: 'open',
        closesAt: d.closesAt,
        round: d.round,
        startingPrice: d.startingPrice,
        hasReserve: d.hasReserve,
        reservePrice: d.hasReserve ? state.reservePrice : null,
        buyNowPrice: d.buyNowPrice,
        ...freshBidding(d.buyNowPrice),
      };
    }
    case 'LotClosed': {
      const d = upcastLotClosed(event.data);
      return { ...state, status: 'closed', closedAt: d.closedAt, outcome: d.outcome, closeReason: d.reason, winnerId: d.winnerId, finalPrice: d.price };
    }
    default:
      return state;
  }
}

/** A submitted maximum joins the bids; the bidder leads when it says so (the price follows in BidPlaced, if it moved). */
function withMaximum<S extends LotState>(state: S, d: MaximumSet['data']): S {
  const next = {
    ...state,
    bids: appendBid(state.bids, { bidNo: d.bidNo, bidderId: d.bidderId, maximum: d.maximum, placedAt: d.placedAt }),
    nextBidNo: Math.max(state.nextBidNo, d.bidNo + 1),
  };
  if (d.outcome === 'leading' || d.outcome === 'raised') {
    next.leaderId = d.bidderId;
    next.leaderMaximum = d.maximum;
  }
  return next;
}

/* -------------------------------------------------------------------- decide */

export function decide(state: AuctionState, command: AuctionCommand, now: Date): AuctionEvent[] {
  switch (command.type) {
    case 'OpenLot':
      return openLot(state, command, now);
    case 'PlaceBid':
      return placeBid(state, command, now);
    case 'BuyNow':
      return buyNow(state, command, now);
    case 'RetractBid':
      return retractBid(state, command, now);
    case 'VoidBid':
      return voidBid(state, command, now);
    case 'CancelLot':
      return cancelLot(state, command, now);
    case 'RelistLot':
      return relistLot(state, command, now);
    case 'CloseLot':
      return closeLot(state, command, now);
  }
}

function checkAmount(field: string, value: number, maxAmount: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw AuctionErrors.invalidAmount(field, value);
  if (value > maxAmount) throw AuctionErrors.amountTooHigh(field, value, maxAmount);
}

function checkClosingTime(closesAt: string, now: Date): Date {
  const at = new Date(closesAt);
  if (!(at.getTime() > now.getTime())) throw AuctionErrors.closingTimeNotInFuture(closesAt);
  return at;
}

/** Reserve and buy-now against the starting price (and each other). */
function checkPrices(startingPrice: number, reservePrice: number | null, buyNowPrice: number | null, maxAmount: number): void {
  if (reservePrice !== null) {
    checkAmount('reservePrice', reservePrice, maxAmount);
    if (reservePrice <= startingPrice) throw AuctionErrors.invalidReserve(reservePrice, startingPrice);
  }
  if (buyNowPrice !== null) {
    checkAmount('buyNowPrice', buyNowPrice, maxAmount);
    const minimum = Math.max(startingPrice + 1, reservePrice ?? 0);
    if (buyNowPrice < minimum) throw AuctionErrors.invalidBuyNow(buyNowPrice, minimum);
  }
}

function requireLot(state: AuctionState, lotId: string): LotState {
  if (state.status === 'none') throw AuctionErrors.lotNotFound(lotId);
  return state;
}

/** A lot that still takes bids at `now`. */
function requireBidding(state: AuctionState, lotId: string, now: Date): OpenLotState {
  const lot = requireLot(state, lotId);
  if (lot.status === 'cancelled') throw AuctionErrors.lotCancelled(lotId);
  if (lot.status === 'closed' || !takesBids(lot, now)) throw AuctionErrors.biddingEnded(lotId, lot.closesAt);
  return lot;
}

function checkMayBid(lot: LotFields, employeeId: string): void {
  if (employeeId === lot.sellerId) throw AuctionErrors.sellerCannotBid();
  if (lot.delegates.includes(employeeId)) throw AuctionErrors.delegateCannotBid();
}

function openLot(state: AuctionState, c: OpenLot, now: Date): AuctionEvent[] {
  if (state.status !== 'none') throw AuctionErrors.lotAlreadyExists(c.lotId);
  const rules = resolveRules(c.rules);
  checkAmount('startingPrice', c.startingPrice, rules.maxAmount);
  const step = c.minIncrement ?? 0;
  if (!Number.isSafeInteger(step) || step < 0) throw AuctionErrors.invalidAmount('minIncrement', step);
  if (step > rules.maxAmount) throw AuctionErrors.amountTooHigh('minIncrement', step, rules.maxAmount);
  const closesAt = checkClosingTime(c.closesAt, now);
  if (c.kind === 'parking_spot') {
    const d = c.details as { spotNumber?: string; periodFrom?: string; periodTo?: string };
    if (!d.spotNumber || !d.periodFrom || !d.periodTo) {
      throw AuctionErrors.invalidDetails('A parking spot lot needs details.spotNumber, details.periodFrom and details.periodTo');
    }
    if (d.periodFrom > d.periodTo) throw AuctionErrors.invalidDetails('details.periodFrom must not be after details.periodTo');
  }
  if (c.kind === 'hardware') {
    const d = c.details as { inventoryTag?: string; condition?: string };
    if (!d.inventoryTag || !d.condition) {
      throw AuctionErrors.invalidDetails('A hardware lot needs details.inventoryTag and details.condition');
    }
  }
  const opener = c.openedBy ?? null;
  if (c.kind !== 'own_lot') {
    if (!isAdmin(opener)) throw AuctionErrors.adminRequired('open a company lot');
  } else if (opener && opener.employeeId !== c.sellerId) {
    throw AuctionErrors.sellerMustBeOpener(c.sellerId, opener.employeeId);
  }
  const reservePrice = c.reservePrice ?? null;
  const buyNowPrice = c.buyNowPrice ?? null;
  checkPrices(c.startingPrice, reservePrice, buyNowPrice, rules.maxAmount);
  const at = now.toISOString();
  const events: AuctionEvent[] = [
    {
      type: 'LotOpened',
      data: {
        lotId: c.lotId,
        kind: c.kind,
        title: c.title,
        description: c.description,
        sellerId: c.sellerId,
        startingPrice: c.startingPrice,
        minIncrement: step,
        currency: c.currency ?? 'RUB',
        opensAt: at,
        closesAt: closesAt.toISOString(),
        details: c.details,
        openedBy: opener && { employeeId: opener.employeeId, roles: [...opener.roles] },
        hasReserve: reservePrice !== null,
        buyNowPrice,
        delegates: [...new Set(c.delegates ?? [])],
        rules,
      },
    },
  ];
  if (reservePrice !== null) events.push({ type: 'ReservePriceSet', data: { lotId: c.lotId, reservePrice, setAt: at } });
  return events;
}

function placeBid(state: AuctionState, c: PlaceBid, now: Date): AuctionEvent[] {
  const lot = requireBidding(state, c.lotId, now);
  checkAmount('amount', c.amount, lot.rules.maxAmount);
  checkMayBid(lot, c.bidderId);
  if (c.bidderId === lot.leaderId) {
    if (leaderBidRefused(c.amount, lot.leaderMaximum!)) throw AuctionErrors.alreadyLeading(lot.leaderMaximum!);
  } else {
    const minimum = minimumBid(lot);
    if (c.amount < minimum) throw AuctionErrors.bidTooLow(c.amount, minimum);
  }
  const terms = pricingTerms(lot);
  const { book, outcome } = applyMaximum(bookOf(lot), c.bidderId, c.amount, terms);
  const bidNo = lot.nextBidNo;
  const placedAt = now.toISOString();
  const met = reserveMet(book, lot.reservePrice);
  const priceChanged = book.price !== lot.currentPrice || book.leaderId !== lot.leaderId;
  const events: AuctionEvent[] = [];
  if (priceChanged) {
    // One event: the visible change, carrying the maximum that caused it.
    const data: BidPlaced['data'] = { lotId: c.lotId, bidderId: book.leaderId!, amount: book.price!, placedAt, bidNo, byProxy: book.leaderId !== c.bidderId };
    if (lot.hasReserve) data.reserveMet = met;
    data.submitted = { bidderId: c.bidderId, maximum: c.amount, outcome };
    events.push({ type: 'BidPlaced', data });
  } else events.push({ type: 'MaximumSet', data: { lotId: c.lotId, bidNo, bidderId: c.bidderId, maximum: c.amount, placedAt, outcome } });
  if (lot.buyNowAvailable && (lot.hasReserve ? met : true)) {
    events.push({ type: 'BuyNowExpired', data: { lotId: c.lotId, reason: lot.hasReserve ? 'reserve_met' : 'first_bid', expiredAt: placedAt } });
  }
  if (priceChanged) {
    const extended = softClose(lot, now, bidNo);
    if (extended) events.push(extended);
  }
  return events;
}

/** Anti-sniping: a price change less than the window before the close moves the close to bid time + extension. */
function softClose(lot: LotFields, now: Date, bidNo: number): LotExtended | null {
  const policy = lot.rules.softClose;
  if (lot.extensions >= policy.maxExtensions) return null;
  const closes = Date.parse(lot.closesAt);
  if (closes - now.getTime() >= minutesToMs(policy.windowMinutes)) return null;
  const next = now.getTime() + minutesToMs(policy.extensionMinutes);
  if (next <= closes) return null;
  return {
    type: 'LotExtended',
    data: {
      lotId: lot.lotId,
      previousClosesAt: lot.closesAt,
      closesAt: new Date(next).toISOString(),
      extension: lot.extensions + 1,
      bidNo,
      extendedAt: now.toISOString(),
    },
  };
}

function buyNow(state: AuctionState, c: BuyNow, now: Date): AuctionEvent[] {
  const lot = requireBidding(state, c.lotId, now);
  checkMayBid(lot, c.buyerId);
  if (lot.buyNowPrice === null) throw AuctionErrors.buyNowUnavailable('not_offered');
  if (!lot.buyNowAvailable) throw AuctionErrors.buyNowUnavailable('expired');
  return [
    {
      type: 'LotClosed',
      data: { lotId: c.lotId, closedAt: now.toISOString(), outcome: 'sold', winnerId: c.buyerId, price: lot.buyNowPrice, reason: 'buy_now' },
    },
  ];
}

function findBid(lot: LotFields, bidNo: number): BidEntry {
  const entry = findLastBid(lot.bids, (e) => e.bidNo === bidNo);
  if (!entry) throw AuctionErrors.bidNotFound(bidNo);
  return entry;
}

/** Price and leader replayed from the remaining maxima in stream order; an event only when something visible changed. */
function reprice(lot: LotFields, withdrawnBidNo: number, cause: LotRepriced['data']['cause'], now: Date): AuctionEvent[] {
  const remaining = activeBids(lot).filter((e) => e.bidNo !== withdrawnBidNo);
  const book = replayMaxima(remaining, pricingTerms(lot));
  const met = lot.hasReserve ? reserveMet(book, lot.reservePrice) : null;
  if (book.price === lot.currentPrice && book.leaderId === lot.leaderId && (met === null || met === lot.reserveMet)) return [];
  return [
    {
      type: 'LotRepriced',
      data: { lotId: lot.lotId, price: book.price, leaderId: book.leaderId, reserveMet: met, cause, bidNo: withdrawnBidNo, repricedAt: now.toISOString() },
    },
  ];
}

function retractBid(state: AuctionState, c: RetractBid, now: Date): AuctionEvent[] {
  const lot = requireBidding(state, c.lotId, now);
  const entry = findBid(lot, c.bidNo);
  if (entry.bidderId !== c.bidderId) throw AuctionErrors.notYourBid(c.bidNo);
  if (lot.withdrawn[c.bidNo]) return []; // already gone: nothing to do
  const policy = lot.rules.retraction;
  const until = Date.parse(entry.placedAt) + minutesToMs(policy.windowMinutes);
  if (now.getTime() > until) throw AuctionErrors.retractionWindowPassed(c.bidNo, new Date(until).toISOString());
  const lockedFrom = Date.parse(lot.closesAt) - minutesToMs(policy.lockBeforeCloseMinutes);
  if (now.getTime() >= lockedFrom) throw AuctionErrors.retractionTooCloseToEnd(lot.closesAt, new Date(lockedFrom).toISOString());
  return [
    { type: 'BidRetracted', data: { lotId: c.lotId, bidNo: c.bidNo, bidderId: c.bidderId, retractedAt: now.toISOString() } },
    ...reprice(lot, c.bidNo, 'retraction', now),
  ];
}

function voidBid(state: AuctionState, c: VoidBid, now: Date): AuctionEvent[] {
  const lot = requireLot(state, c.lotId);
  if (!isAdmin(c.actor)) throw AuctionErrors.adminRequired('void a bid');
  const reason = (c.reason ?? '').trim();
  if (!reason) throw AuctionErrors.reasonRequired();
  if (lot.status === 'cancelled') throw AuctionErrors.lotCancelled(c.lotId);
  if (lot.status === 'closed') throw AuctionErrors.lotClosed(c.lotId);
  const entry = findBid(lot, c.bidNo);
  if (lot.withdrawn[c.bidNo]) return [];
  return [
    {
      type: 'BidVoided',
      data: { lotId: c.lotId, bidNo: c.bidNo, bidderId: entry.bidderId, voidedBy: c.actor.employeeId, reason, voidedAt: now.toISOString() },
    },
    ...reprice(lot, c.bidNo, 'void', now),
  ];
}

function cancelLot(state: AuctionState, c: CancelLot, now: Date): AuctionEvent[] {
  const lot = requireLot(state, c.lotId);
  if (lot.status === 'cancelled') return []; // cancelling twice writes nothing the second time
  const admin = isAdmin(c.actor);
  const seller = c.actor.employeeId === lot.sellerId;
  if (!admin && !seller) throw AuctionErrors.notSellerOrAdmin('cancel this lot');
  if (lot.status === 'closed') throw AuctionErrors.lotClosed(c.lotId);
  const reason = (c.reason ?? '').trim();
  if (admin) {
    if (!reason) throw AuctionErrors.reasonRequired();
  } else if (lot.leaderId !== null) {
    throw AuctionErrors.hasBids(c.lotId);
  }
  return [
    {
      type: 'LotCancelled',
      data: { lotId: c.lotId, cancelledBy: c.actor.employeeId, as: admin ? 'admin' : 'seller', reason, cancelledAt: now.toISOString() },
    },
  ];
}

function relistLot(state: AuctionState, c: RelistLot, now: Date): AuctionEvent[] {
  const lot = requireLot(state, c.lotId);
  if (!isAdmin(c.actor) && c.actor.employeeId !== lot.sellerId) throw AuctionErrors.notSellerOrAdmin('relist this lot');
  if (lot.status !== 'closed' || lot.outcome !== 'not_sold') throw AuctionErrors.notRelistable(lot.status, lot.outcome);
  const closesAt = checkClosingTime(c.closesAt, now);
  const startingPrice = c.startingPrice ?? lot.startingPrice;
  checkAmount('startingPrice', startingPrice, lot.rules.maxAmount);
  const reservePrice = c.reservePrice === undefined ? lot.reservePrice : c.reservePrice;
  const buyNowPrice = c.buyNowPrice === undefined ? lot.buyNowPrice : c.buyNowPrice;
  checkPrices(startingPrice, reservePrice, buyNowPrice, lot.rules.maxAmount);
  const at = now.toISOString();
  const events: AuctionEvent[] = [
    {
      type: 'LotRelisted',
      data: {
        lotId: c.lotId,
        relistedBy: c.actor.employeeId,
        relistedAt: at,
        closesAt: closesAt.toISOString(),
        startingPrice,
        buyNowPrice,
        hasReserve: reservePrice !== null,
        round: lot.round + 1,
      },
    },
  ];
  if (reservePrice !== lot.reservePrice) events.push({ type: 'ReservePriceSet', data: { lotId: c.lotId, reservePrice, setAt: at } });
  return events;
}

function closeLot(state: AuctionState, c: CloseLot, now: Date): AuctionEvent[] {
  const lot = requireLot(state, c.lotId);
  if (lot.status !== 'open') return []; // closing twice (or a cancelled lot) is a no-op, not an error
  if (now.getTime() < Date.parse(lot.closesAt)) throw AuctionErrors.notDueYet(lot.closesAt);
  const sold = lot.leaderId !== null && (!lot.hasReserve || lot.reserveMet);
  const reason: LotCloseReason = sold ? 'highest_bid' : lot.leaderId !== null ? 'reserve_not_met' : 'no_bids';
  return [
    {
      type: 'LotClosed',
      data: {
        lotId: c.lotId,
        closedAt: now.toISOString(),
        outcome: sold ? 'sold' : 'not_sold',
        winnerId: sold ? lot.leaderId : null,
        price: sold ? lot.currentPrice : null,
        reason,
      },
    },
  ];
}

export const auctionDecider: Decider<AuctionCommand, AuctionEvent, AuctionState> = { initialState, evolve, decide };

/**
 * The auction's write side as every writer runs it (the API, the closing
 * manager, tools): stored events are upcast before they are folded, and each
 * new event's hash is chained to the previous one (auditors verify it).
 */
export const auctionWriteSide: WriteSideDefinition<AuctionCommand, AuctionEvent, AuctionState> = {
  name: 'auction',
  decider: auctionDecider,
  streamOf: (command) => auctionStreamId(command.lotId),
  schemaVersionOf: versionsFrom(AUCTION_SCHEMA_VERSIONS),
  upcast: (event) => upcastAuctionEvent(event as AuctionEvent),
  hashChain: true,
};
