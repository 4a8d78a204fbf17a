import type { AuctionEvent, LotOpened } from '@megabot/contracts';
import { auditLotState, replayLot } from './auction.audit';
import { auctionDecider } from './auction.decider';
import { fold } from '../shared/decider';
import { history, openLot, place } from './auction.fixtures';

describe('auction audit replay', () => {
  const events = history(
    [],
    [
      [openLot({ startingPrice: 1000, minIncrement: 100, rules: { incrementTiers: [{ from: 0, increment: 100 }] } }), 0],
      [place('e-boris', 1500), 1],
      [place('e-vera', 1200), 2],
    ],
  );

  it('given a history, when replayed, then the state after every step equals a fold of the prefix', () => {
    const steps = replayLot(events);
    expect(steps).toHaveLength(events.length);
    steps.forEach((step, i) => expect(step.after).toEqual(auditLotState(fold(auctionDecider, events.slice(0, i + 1)))));
    expect(steps[steps.length - 1].after).toMatchObject({ status: 'open', leaderId: 'e-boris', leaderMaximum: 1500, currentPrice: 1300 });
  });

  it('given no event, then there is no lot', () => {
    expect(auditLotState(auctionDecider.initialState)).toBeNull();
  });

  it('given a v1 LotOpened (no rules), when replayed, then it is read through the upcaster and the lot keeps its fixed step', () => {
    const v1 = { type: 'LotOpened', data: { ...(events[0] as LotOpened).data } } as LotOpened;
    for (const k of ['rules', 'openedBy', 'hasReserve', 'buyNowPrice', 'delegates'] as const) delete (v1.data as Record<string, unknown>)[k];
    const [step] = replayLot([v1 as AuctionEvent]);
    expect((step.event as LotOpened).data.rules!.incrementTiers).toEqual([{ from: 0, increment: 100 }]);
    expect((step.event as LotOpened).data).toMatchObject({ hasReserve: false, buyNowPrice: null, delegates: [] });
    expect(step.after?.minimumBid).toBe(1000);
  });
});
