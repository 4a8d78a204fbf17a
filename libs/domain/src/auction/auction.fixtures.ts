/* Test fixtures for the auction specs (pure data and helpers; not used by production code). */
import type { Actor, AuctionEvent } from '@megabot/contracts';
import { auctionDecider, maximumOf, minimumBid, type AuctionCommand, type AuctionState, type OpenLot } from './auction.decider';
import { bidsInOrder } from './bid-log';

export const T0 = new Date('2026-11-25T10:00:00.000Z');
/** T0 + minutes. */
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const iso = (minutes: number) => at(minutes).toISOString();
export const DAY = 24 * 60;

export const ADMIN: Actor = { employeeId: 'admin', roles: ['employee', 'admin'] };
export const employee = (employeeId: string): Actor => ({ employeeId, roles: ['employee'] });

/** An own lot of `seller` at 1,000.00 (tier increment 50.00), closing a day after T0. */
export function openLot(overrides: Partial<OpenLot> = {}): OpenLot {
  return {
    type: 'OpenLot',
    lotId: 'L1',
    kind: 'own_lot',
    title: 'City bike',
    description: '',
    sellerId: 'seller',
    startingPrice: 100_000,
    closesAt: iso(DAY),
    details: {},
    openedBy: employee('seller'),
    ...overrides,
  };
}

export const place = (bidderId: string, amount: number): AuctionCommand => ({ type: 'PlaceBid', lotId: 'L1', bidderId, amount });

/** Runs commands through the decider (each at its minute) after `given`; returns all events. Throws on a rejection. */
export function history(given: AuctionEvent[], steps: [AuctionCommand, number][]): AuctionEvent[] {
  const events = [...given];
  let state = given.reduce(auctionDecider.evolve, auctionDecider.initialState);
  for (const [command, minute] of steps) {
    const produced = auctionDecider.decide(state, command, at(minute));
    for (const e of produced) state = auctionDecider.evolve(state, e);
    events.push(...produced);
  }
  return events;
}

export const stateOf = (events: AuctionEvent[]): AuctionState => events.reduce(auctionDecider.evolve, auctionDecider.initialState);

/** The events of a freshly opened default lot (plus overrides). */
export const opened = (overrides: Partial<OpenLot> = {}) => history([], [[openLot(overrides), 0]]);

/** Expected events. */
export const maxSet = (
  bidNo: number,
  bidderId: string,
  maximum: number,
  minute: number,
  outcome: 'leading' | 'raised' | 'outbid' | 'outbid_by_earlier_equal_maximum' = 'leading',
): AuctionEvent => ({ type: 'MaximumSet', data: { lotId: 'L1', bidNo, bidderId, maximum, placedAt: iso(minute), outcome } });
export const shown = (bidNo: number, bidderId: string, amount: number, minute: number, byProxy = false, reserveMet?: boolean): AuctionEvent => ({
  type: 'BidPlaced',
  data: { lotId: 'L1', bidderId, amount, placedAt: iso(minute), bidNo, byProxy, ...(reserveMet === undefined ? {} : { reserveMet }) },
});

/** A bid that moved the price as written since BidPlaced v3: the price change carrying the maximum, one event. */
export const moved = (max: AuctionEvent, price: AuctionEvent): AuctionEvent => {
  if (max.type !== 'MaximumSet' || price.type !== 'BidPlaced') throw new Error('moved(maxSet(...), shown(...))');
  const { bidderId, maximum, outcome } = max.data;
  return { type: 'BidPlaced', data: { ...price.data, submitted: { bidderId, maximum, outcome } } };
};

/** The figures a lot shows, summarized from its state for assertions. */
export function lotFacts(state: AuctionState) {
  if (state.status === 'none') return null;
  const open = state.status === 'open';
  return {
    status: state.status,
    currentPrice: state.currentPrice,
    leaderId: state.leaderId,
    minimumBid: open ? minimumBid(state) : null,
    closesAt: state.closesAt,
    extensions: state.extensions,
    maxExtensions: state.rules.softClose.maxExtensions,
    reserve: !state.hasReserve ? 'none' : state.reserveMet ? 'met' : 'not_met',
    reservePrice: state.reservePrice,
    buyNowPrice: open && state.buyNowAvailable ? state.buyNowPrice : null,
  };
}

/** A bidder's part of a lot: their maximum, whether they lead, the least they may bid now (above their own maximum when leading). */
export function bidderFacts(state: AuctionState, bidderId: string) {
  if (state.status === 'none') return null;
  const leading = state.leaderId === bidderId;
  return {
    maximum: maximumOf(state, bidderId),
    leading,
    minimumBid: state.status !== 'open' ? null : leading ? (state.leaderMaximum ?? 0) + 1 : minimumBid(state),
    bids: bidsInOrder(state.bids)
      .filter((b) => b.bidderId === bidderId)
      .map((b) => b.bidNo),
  };
}
