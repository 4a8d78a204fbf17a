import type { AuctionEvent, LotDetails, LotKind } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { AuctionErrors } from './auction.errors';

export interface OpenLot {
  type: 'OpenLot';
  lotId: string;
  kind: LotKind;
  title: string;
  description: string;
  sellerId: string;
  startingPrice: number;
  minIncrement: number;
  currency?: string;
  closesAt: string;
  details: LotDetails;
}
export interface PlaceBid {
  type: 'PlaceBid';
  lotId: string;
  bidderId: string;
  amount: number;
}
export interface CloseLot {
  type: 'CloseLot';
  lotId: string;
}
export type AuctionCommand = OpenLot | PlaceBid | CloseLot;

export type AuctionState =
  | { status: 'none' }
  | {
      status: 'open' | 'closed';
      lotId: string;
      sellerId: string;
      startingPrice: number;
      minIncrement: number;
      closesAt: string;
      currentPrice: number | null;
      leaderId: string | null;
      bidCount: number;
    };

export const initialState: AuctionState = { status: 'none' };

export function evolve(state: AuctionState, event: AuctionEvent): AuctionState {
  switch (event.type) {
    case 'LotOpened': {
      const d = event.data;
      return {
        status: 'open',
        lotId: d.lotId,
        sellerId: d.sellerId,
        startingPrice: d.startingPrice,
        minIncrement: d.minIncrement,
        closesAt: d.closesAt,
        currentPrice: null,
        leaderId: null,
        bidCount: 0,
      };
    }
    case 'BidPlaced':
      if (state.status === 'none') return state;
      return { ...state, currentPrice: event.data.amount, leaderId: event.data.bidderId, bidCount: state.bidCount + 1 };
    case 'LotClosed':
      if (state.status === 'none') return state;
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

/** The least amount the next bid must have. */
export function minimumBid(state: Extract<AuctionState, { status: 'open' | 'closed' }>): number {
  return state.currentPrice === null ? state.startingPrice : state.currentPrice + state.minIncrement;
}

export function decide(state: AuctionState, command: AuctionCommand, now: Date): AuctionEvent[] {
  switch (command.type) {
    case 'OpenLot':
      return openLot(state, command, now);
    case 'PlaceBid':
      return placeBid(state, command, now);
    case 'CloseLot':
      return closeLot(state, command, now);
  }
}

function openLot(state: AuctionState, c: OpenLot, now: Date): AuctionEvent[] {
  if (state.status !== 'none') throw AuctionErrors.lotAlreadyExists(c.lotId);
  const closesAt = new Date(c.closesAt);
  if (!(closesAt.getTime() > now.getTime())) throw AuctionErrors.closingTimeNotInFuture(c.closesAt);
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
  return [
    {
      type: 'LotOpened',
      data: {
        lotId: c.lotId,
        kind: c.kind,
        title: c.title,
        description: c.description,
        sellerId: c.sellerId,
        startingPrice: c.startingPrice,
        minIncrement: c.minIncrement,
        currency: c.currency ?? 'RUB',
        opensAt: now.toISOString(),
        closesAt: closesAt.toISOString(),
        details: c.details,
      },
    },
  ];
}

function placeBid(state: AuctionState, c: PlaceBid, now: Date): AuctionEvent[] {
  if (state.status === 'none') throw AuctionErrors.lotNotFound(c.lotId);
  if (state.status === 'closed' || now.getTime() >= Date.parse(state.closesAt)) {
    throw AuctionErrors.biddingEnded(c.lotId, state.closesAt);
  }
  if (c.bidderId === state.sellerId) throw AuctionErrors.sellerCannotBid();
  if (c.bidderId === state.leaderId) throw AuctionErrors.alreadyLeading();
  const minimum = minimumBid(state);
  if (c.amount < minimum) throw AuctionErrors.bidTooLow(c.amount, minimum);
  return [{ type: 'BidPlaced', data: { lotId: c.lotId, bidderId: c.bidderId, amount: c.amount, placedAt: now.toISOString() } }];
}

function closeLot(state: AuctionState, c: CloseLot, now: Date): AuctionEvent[] {
  if (state.status === 'none') throw AuctionErrors.lotNotFound(c.lotId);
  if (state.status === 'closed') return []; // closing twice is a no-op, not an error
  if (now.getTime() < Date.parse(state.closesAt)) throw AuctionErrors.notDueYet(state.closesAt);
  const sold = state.leaderId !== null;
  return [
    {
      type: 'LotClosed',
      data: {
        lotId: c.lotId,
        closedAt: now.toISOString(),
        outcome: sold ? 'sold' : 'not_sold',
        winnerId: state.leaderId,
        price: state.currentPrice,
      },
    },
  ];
}

export const auctionDecider: Decider<AuctionCommand, AuctionEvent, AuctionState> = { initialState, evolve, decide };
