import type { AuctionEvent, LotOpened } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { auctionDecider, fold } from '../index';

const spec = deciderSpec(auctionDecider);
const T0 = new Date('2026-11-25T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const opened: LotOpened = {
  type: 'LotOpened',
  data: {
    lotId: 'L1',
    kind: 'hardware',
    title: 'ThinkPad T14',
    description: '',
    sellerId: 'seller',
    startingPrice: 1000,
    minIncrement: 100,
    currency: 'RUB',
    opensAt: T0.toISOString(),
    closesAt: at(60).toISOString(),
    details: { inventoryTag: 'INV-1', condition: 'good' },
  },
};
const bid = (bidderId: string, amount: number, minute = 1): AuctionEvent => ({
  type: 'BidPlaced',
  data: { lotId: 'L1', bidderId, amount, placedAt: at(minute).toISOString() },
});

describe('auction decider', () => {
  describe('OpenLot', () => {
    const open = {
      type: 'OpenLot' as const,
      lotId: 'L1',
      kind: 'hardware' as const,
      title: 'ThinkPad T14',
      description: '',
      sellerId: 'seller',
      startingPrice: 1000,
      minIncrement: 100,
      closesAt: at(60).toISOString(),
      details: { inventoryTag: 'INV-1', condition: 'good' as const },
    };
    it('opens a lot with a default currency and the decision time as opening time', () =>
      spec.given([]).when(open, T0).then([opened]));
    it('rejects a second opening of the same lot', () => spec.given([opened]).when(open, T0).thenThrows('auction.lot_exists'));
    it('rejects a closing time that is not in the future', () =>
      spec.given([]).when({ ...open, closesAt: T0.toISOString() }, T0).thenThrows('auction.closing_time_in_past'));
    it('requires spot number and period for a parking spot', () =>
      spec
        .given([])
        .when({ ...open, kind: 'parking_spot', details: { spotNumber: 'P-12' } as never }, T0)
        .thenThrows('auction.invalid_details'));
    it('rejects a parking period that ends before it starts', () =>
      spec
        .given([])
        .when({ ...open, kind: 'parking_spot', details: { spotNumber: 'P-1', periodFrom: '2026-12-31', periodTo: '2026-12-01' } }, T0)
        .thenThrows('auction.invalid_details'));
    it('requires inventory tag and condition for hardware', () =>
      spec.given([]).when({ ...open, details: {} }, T0).thenThrows('auction.invalid_details'));
    it('accepts an own lot without details', () => {
      const events = auctionDecider.decide(auctionDecider.initialState, { ...open, kind: 'own_lot', details: {} }, T0);
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe('LotOpened');
    });
  });

  describe('PlaceBid', () => {
    const place = (bidderId: string, amount: number) => ({ type: 'PlaceBid' as const, lotId: 'L1', bidderId, amount });
    it('accepts a first bid at the starting price', () => spec.given([opened]).when(place('anna', 1000), at(1)).then([bid('anna', 1000)]));
    it('rejects a first bid below the starting price, telling the minimum', () =>
      spec.given([opened]).when(place('anna', 999), at(1)).thenThrows('auction.bid_too_low', { minimum: 1000 }));
    it('requires the current price plus the increment after a bid', () => {
      spec.given([opened, bid('anna', 1000)]).when(place('boris', 1099), at(2)).thenThrows('auction.bid_too_low', { minimum: 1100 });
      spec.given([opened, bid('anna', 1000)]).when(place('boris', 1100), at(2)).then([bid('boris', 1100, 2)]);
    });
    it('rejects bids on a lot that does not exist', () =>
      spec.given([]).when(place('anna', 1000), at(1)).thenThrows('auction.lot_not_found'));
    it('rejects bids at or after the closing time', () =>
      spec.given([opened]).when(place('anna', 5000), at(60)).thenThrows('auction.bidding_ended'));
    it('rejects bids on a closed lot', () =>
      spec
        .given([opened, { type: 'LotClosed', data: { lotId: 'L1', closedAt: at(60).toISOString(), outcome: 'not_sold', winnerId: null, price: null } }])
        .when(place('anna', 5000), at(30))
        .thenThrows('auction.bidding_ended'));
    it('does not let the seller bid', () => spec.given([opened]).when(place('seller', 5000), at(1)).thenThrows('auction.seller_cannot_bid'));
    it('does not let the leader outbid themselves', () =>
      spec.given([opened, bid('anna', 1000)]).when(place('anna', 2000), at(2)).thenThrows('auction.already_leading'));
  });

  describe('CloseLot', () => {
    const close = { type: 'CloseLot' as const, lotId: 'L1' };
    it('sells to the leader at the current price when due', () =>
      spec
        .given([opened, bid('anna', 1000), bid('boris', 1500)])
        .when(close, at(60))
        .then([{ type: 'LotClosed', data: { lotId: 'L1', closedAt: at(60).toISOString(), outcome: 'sold', winnerId: 'boris', price: 1500 } }]));
    it('closes unsold without bids', () =>
      spec
        .given([opened])
        .when(close, at(61))
        .then([{ type: 'LotClosed', data: { lotId: 'L1', closedAt: at(61).toISOString(), outcome: 'not_sold', winnerId: null, price: null } }]));
    it('refuses to close before the deadline', () => spec.given([opened]).when(close, at(59)).thenThrows('auction.not_due'));
    it('closing twice writes nothing the second time', () =>
      spec
        .given([opened, { type: 'LotClosed', data: { lotId: 'L1', closedAt: at(60).toISOString(), outcome: 'not_sold', winnerId: null, price: null } }])
        .when(close, at(70))
        .then([]));
  });

  it('folds the visible price and leader from the history', () => {
    const state = fold(auctionDecider, [opened, bid('anna', 1000), bid('boris', 1200)]);
    expect(state).toMatchObject({ status: 'open', currentPrice: 1200, leaderId: 'boris', bidCount: 2 });
  });
});
