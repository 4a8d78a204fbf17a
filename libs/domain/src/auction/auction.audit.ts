import type { AuctionEvent, AuditLotStateView } from '@megabot/contracts';
import { evolve } from './auction.decider';
import { activeBids, initialState, minimumBid, type AuctionState } from './auction.state';
import { upcastAuctionEvent } from './auction.upcast';

/**
 * What an auditor sees of a lot after an event: the public facts plus the
 * private ones (the leader's maximum, the reserve) - auditors reconstruct
 * exactly what happened, so nothing is masked here.
 */
export type AuditLotState = AuditLotStateView;

export function auditLotState(state: AuctionState): AuditLotState | null {
  if (state.status === 'none') return null;
  return {
    lotId: state.lotId,
    status: state.status,
    round: state.round,
    sellerId: state.sellerId,
    currentPrice: state.currentPrice,
    leaderId: state.leaderId,
    leaderMaximum: state.leaderMaximum,
    bidCount: state.bidCount,
    activeMaxima: activeBids(state).length,
    minimumBid: state.status === 'open' ? minimumBid(state) : null,
    closesAt: state.closesAt,
    extensions: state.extensions,
    reservePrice: state.reservePrice,
    reserveMet: state.hasReserve ? state.reserveMet : null,
    buyNowAvailable: state.status === 'open' && state.buyNowAvailable,
    outcome: state.outcome,
    closeReason: state.closeReason,
    winnerId: state.winnerId,
    finalPrice: state.finalPrice,
  };
}

/** One step of a replay: the stored event brought to its current shape (upcast), and the lot after it. */
export interface ReplayStep {
  state: AuctionState;
  event: AuctionEvent;
  after: AuditLotState | null;
}

/**
 * Folds one stored event for an audit: the same upcaster and `evolve` the
 * write side uses, so a replay is the write side's own view of history, not
 * a re-implementation.
 */
export function replayStep(state: AuctionState, stored: AuctionEvent): ReplayStep {
  const event = upcastAuctionEvent(stored);
  const next = evolve(state, event);
  return { state: next, event, after: auditLotState(next) };
}

/** A whole stream's replay (the states after each event). */
export function replayLot(stored: readonly AuctionEvent[]): ReplayStep[] {
  let state: AuctionState = initialState;
  return stored.map((e) => {
    const step = replayStep(state, e);
    state = step.state;
    return step;
  });
}
