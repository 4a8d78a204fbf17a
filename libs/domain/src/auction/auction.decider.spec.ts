import type { AuctionEvent, LotOpened } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { auctionDecider, DEFAULT_AUCTION_RULES, fold } from '../index';
import { ADMIN, at, DAY, employee, iso, openLot, opened as openedV2, T0 } from './auction.fixtures';

const spec = deciderSpec(auctionDecider);

/**
 * The foundation slice, kept. `opened` is a LotOpened as stored before proxy
 * bidding (schema v1: no openedBy/rules/...): these tests also show that old
 * streams keep working (flat increment = its minIncrement, see auction.upcast.ts).
 */
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
/** A v1 BidPlaced (plain bid, no bidNo). */
const bid = (bidderId: string, amount: number, minute = 1): AuctionEvent => ({
  type: 'BidPlaced',
  data: { lotId: 'L1', bidderId, amount, placedAt: at(minute).toISOString() },
});
const closed = (minute: number): AuctionEvent => ({
  type: 'LotClosed',
  data: { lotId: 'L1', closedAt: at(minute).toISOString(), outcome: 'not_sold', winnerId: null, price: null },
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
      openedBy: ADMIN,
    };
    it('opens a lot with a default currency, the decision time as opening time and the default rules frozen in', () =>
      spec
        .given([])
        .when(open, T0)
        .then([
          {
            type: 'LotOpened',
            data: {
              ...opened.data,
              openedBy: ADMIN,
              hasReserve: false,
              buyNowPrice: null,
              delegates: [],
              rules: DEFAULT_AUCTION_RULES,
            },
          },
        ]));
    it('rejects a second opening of the same lot', () => spec.given([opened]).when(open, T0).thenThrows('auction.lot_exists'));
    it('rejects a closing time that is not in the future', () =>
      spec
        .given([])
        .when({ ...open, closesAt: T0.toISOString() }, T0)
        .thenThrows('auction.closing_time_in_past'));
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
      spec
        .given([])
        .when({ ...open, details: {} }, T0)
        .thenThrows('auction.invalid_details'));
    it('accepts an own lot without details', () => {
      const events = auctionDecider.decide(auctionDecider.initialState, { ...open, kind: 'own_lot', details: {}, openedBy: employee('seller') }, T0);
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe('LotOpened');
    });
    it('writes the hidden reserve as a separate private event; LotOpened only says there is one', () => {
      const events = auctionDecider.decide(auctionDecider.initialState, openLot({ reservePrice: 234_500, buyNowPrice: 300_000 }), T0);
      expect(events.map((e) => e.type)).toEqual(['LotOpened', 'ReservePriceSet']);
      expect(events[0].data).toMatchObject({ hasReserve: true, buyNowPrice: 300_000 });
      expect(JSON.stringify(events[0].data)).not.toContain('234500');
      expect(events[1].data).toEqual({ lotId: 'L1', reservePrice: 234_500, setAt: T0.toISOString() });
    });
    it('freezes per-lot rule overrides merged with the defaults', () => {
      const [e] = auctionDecider.decide(
        auctionDecider.initialState,
        openLot({ rules: { softClose: { maxExtensions: 3 }, incrementTiers: [{ from: 0, increment: 1 }] } }),
        T0,
      );
      expect(e.type === 'LotOpened' && e.data.rules).toEqual({
        ...DEFAULT_AUCTION_RULES,
        softClose: { ...DEFAULT_AUCTION_RULES.softClose, maxExtensions: 3 },
        incrementTiers: [{ from: 0, increment: 1 }],
      });
    });
  });

  describe('lot kinds and roles', () => {
    const parking = { kind: 'parking_spot' as const, details: { spotNumber: 'P-12', periodFrom: '2026-12-01', periodTo: '2026-12-31' } };
    const hardware = { kind: 'hardware' as const, details: { inventoryTag: 'INV-1', condition: 'good' as const } };
    it('an admin opens company lots (parking spot, hardware)', () => {
      for (const kind of [parking, hardware]) {
        const events = auctionDecider.decide(auctionDecider.initialState, openLot({ ...kind, sellerId: 'company', openedBy: ADMIN }), T0);
        expect(events[0]).toMatchObject({ type: 'LotOpened', data: { kind: kind.kind, openedBy: ADMIN } });
      }
    });
    it('a non-admin cannot open a company lot', () => {
      spec
        .given([])
        .when(openLot({ ...parking, openedBy: employee('anna') }), T0)
        .thenThrows('auction.admin_required');
      spec
        .given([])
        .when(openLot({ ...hardware, sellerId: 'anna', openedBy: employee('anna') }), T0)
        .thenThrows('auction.admin_required');
    });
    it('a company lot opened without an opener is refused', () =>
      spec
        .given([])
        .when(openLot({ ...parking, openedBy: undefined }), T0)
        .thenThrows('auction.admin_required'));
    it('any employee opens an own lot with themselves as seller', () => {
      const events = auctionDecider.decide(auctionDecider.initialState, openLot({ sellerId: 'anna', openedBy: employee('anna') }), T0);
      expect(events[0]).toMatchObject({ data: { kind: 'own_lot', sellerId: 'anna', openedBy: { employeeId: 'anna' } } });
    });
    it('nobody - not even an admin - opens an own lot for someone else', () => {
      spec
        .given([])
        .when(openLot({ sellerId: 'boris', openedBy: employee('anna') }), T0)
        .thenThrows('auction.seller_must_be_opener', { sellerId: 'boris', openerId: 'anna' });
      spec
        .given([])
        .when(openLot({ sellerId: 'boris', openedBy: ADMIN }), T0)
        .thenThrows('auction.seller_must_be_opener');
    });
  });

  describe('limits and validation', () => {
    it('rejects amounts above the sanity cap, telling the cap', () => {
      spec
        .given(openedV2())
        .when({ type: 'PlaceBid', lotId: 'L1', bidderId: 'anna', amount: DEFAULT_AUCTION_RULES.maxAmount + 1 }, at(1))
        .thenThrows('auction.amount_too_high', { field: 'amount', maximum: 10_000_000_000 });
      spec
        .given([])
        .when(openLot({ startingPrice: 10_000_000_001 }), T0)
        .thenThrows('auction.amount_too_high', { field: 'startingPrice' });
    });
    it('accepts a bid exactly at the cap', () => {
      const events = auctionDecider.decide(
        fold(auctionDecider, openedV2()),
        { type: 'PlaceBid', lotId: 'L1', bidderId: 'anna', amount: 10_000_000_000 },
        at(1),
      );
      expect(events[0]).toMatchObject({ type: 'BidPlaced', data: { submitted: { maximum: 10_000_000_000 } } });
    });
    it('uses a per-lot cap frozen into the lot', () =>
      spec
        .given(openedV2({ rules: { maxAmount: 500_000 } }))
        .when({ type: 'PlaceBid', lotId: 'L1', bidderId: 'anna', amount: 500_001 }, at(1))
        .thenThrows('auction.amount_too_high', { maximum: 500_000 }));
    it('rejects fractional, zero and negative amounts (amounts are integer minor units)', () => {
      for (const amount of [100_000.5, 0, -5, Number.NaN]) {
        spec.given(openedV2()).when({ type: 'PlaceBid', lotId: 'L1', bidderId: 'anna', amount }, at(1)).thenThrows('auction.invalid_amount');
      }
      spec
        .given([])
        .when(openLot({ startingPrice: 99.9 }), T0)
        .thenThrows('auction.invalid_amount', { field: 'startingPrice' });
      spec
        .given([])
        .when(openLot({ minIncrement: -1 }), T0)
        .thenThrows('auction.invalid_amount', { field: 'minIncrement' });
    });
    it('a reserve must be above the starting price', () =>
      spec
        .given([])
        .when(openLot({ reservePrice: 100_000 }), T0)
        .thenThrows('auction.invalid_reserve', { startingPrice: 100_000 }));
    it('buy-now must be above the starting price and not below the reserve', () => {
      spec
        .given([])
        .when(openLot({ buyNowPrice: 100_000 }), T0)
        .thenThrows('auction.invalid_buy_now', { minimum: 100_001 });
      spec
        .given([])
        .when(openLot({ reservePrice: 200_000, buyNowPrice: 150_000 }), T0)
        .thenThrows('auction.invalid_buy_now', { minimum: 200_000 });
    });
    it('rejects malformed rules', () => {
      spec
        .given([])
        .when(openLot({ rules: { incrementTiers: [] } }), T0)
        .thenThrows('auction.invalid_rules', { field: 'incrementTiers' });
      spec
        .given([])
        .when(openLot({ rules: { incrementTiers: [{ from: 10, increment: 5 }] } }), T0)
        .thenThrows('auction.invalid_rules', { field: 'incrementTiers' });
      spec
        .given([])
        .when(
          openLot({
            rules: {
              incrementTiers: [
                { from: 0, increment: 10 },
                { from: 100, increment: 5 },
              ],
            },
          }),
          T0,
        )
        .thenThrows('auction.invalid_rules', { field: 'incrementTiers' });
      spec
        .given([])
        .when(
          openLot({
            rules: {
              incrementTiers: [
                { from: 0, increment: 10 },
                { from: 0, increment: 20 },
              ],
            },
          }),
          T0,
        )
        .thenThrows('auction.invalid_rules');
      spec
        .given([])
        .when(openLot({ rules: { softClose: { windowMinutes: -1 } } }), T0)
        .thenThrows('auction.invalid_rules', { field: 'softClose' });
      spec
        .given([])
        .when(openLot({ rules: { retraction: { windowMinutes: 1.5 } } }), T0)
        .thenThrows('auction.invalid_rules', { field: 'retraction' });
    });
  });

  describe('PlaceBid (plain bids on a v1 lot: a plain bid is a maximum equal to its amount)', () => {
    const place = (bidderId: string, amount: number) => ({ type: 'PlaceBid' as const, lotId: 'L1', bidderId, amount });
    const maximumSet = (bidNo: number, bidderId: string, maximum: number, minute: number, outcome = 'leading' as const) => ({
      type: 'MaximumSet' as const,
      data: { lotId: 'L1', bidNo, bidderId, maximum, placedAt: iso(minute), outcome },
    });
    it('accepts a first bid at the starting price', () =>
      spec
        .given([opened])
        .when(place('anna', 1000), at(1))
        .then([
          {
            type: 'BidPlaced',
            data: {
              lotId: 'L1',
              bidderId: 'anna',
              amount: 1000,
              placedAt: iso(1),
              bidNo: 1,
              byProxy: false,
              submitted: { bidderId: 'anna', maximum: 1000, outcome: 'leading' },
            },
          },
        ]));
    it('rejects a first bid below the starting price, telling the minimum', () =>
      spec.given([opened]).when(place('anna', 999), at(1)).thenThrows('auction.bid_too_low', { minimum: 1000 }));
    it('requires the current price plus the increment after a bid', () => {
      spec
        .given([opened, bid('anna', 1000)])
        .when(place('boris', 1099), at(2))
        .thenThrows('auction.bid_too_low', { minimum: 1100 });
      spec
        .given([opened, bid('anna', 1000)])
        .when(place('boris', 1100), at(2))
        .then([
          {
            type: 'BidPlaced',
            data: {
              lotId: 'L1',
              bidderId: 'boris',
              amount: 1100,
              placedAt: iso(2),
              bidNo: 2,
              byProxy: false,
              submitted: { bidderId: 'boris', maximum: 1100, outcome: 'leading' },
            },
          },
        ]);
    });
    it('rejects bids on a lot that does not exist', () => spec.given([]).when(place('anna', 1000), at(1)).thenThrows('auction.lot_not_found'));
    it('rejects bids at or after the closing time', () => spec.given([opened]).when(place('anna', 5000), at(60)).thenThrows('auction.bidding_ended'));
    it('rejects bids on a closed lot', () =>
      spec
        .given([opened, closed(60)])
        .when(place('anna', 5000), at(30))
        .thenThrows('auction.bidding_ended'));
    it('does not let the seller bid', () => spec.given([opened]).when(place('seller', 5000), at(1)).thenThrows('auction.seller_cannot_bid'));
    it("does not let the seller's delegates bid", () =>
      spec
        .given(openedV2({ delegates: ['assistant'] }))
        .when(place('assistant', 200_000), at(1))
        .thenThrows('auction.delegate_cannot_bid'));
    // Changed rule: this used to be "the leader can't outbid themselves" (auction.already_leading).
    // Now raising one's own maximum while leading is accepted, recorded privately, and changes nothing visible.
    it("raising one's own maximum while leading places no visible bid", () =>
      spec
        .given([opened, bid('anna', 1000)])
        .when(place('anna', 2000), at(2))
        .then([maximumSet(2, 'anna', 2000, 2, 'raised' as never)]));
    it('a leader submitting a maximum not above their own is told their maximum', () =>
      spec
        .given([opened, bid('anna', 1000)])
        .when(place('anna', 1000), at(2))
        .thenThrows('auction.already_leading', { maximum: 1000, minimum: 1001 }));
  });

  describe('CloseLot', () => {
    const close = { type: 'CloseLot' as const, lotId: 'L1' };
    it('sells to the leader at the current price when due', () =>
      spec
        .given([opened, bid('anna', 1000), bid('boris', 1500)])
        .when(close, at(60))
        .then([
          {
            type: 'LotClosed',
            data: { lotId: 'L1', closedAt: at(60).toISOString(), outcome: 'sold', winnerId: 'boris', price: 1500, reason: 'highest_bid' },
          },
        ]));
    it('closes unsold without bids', () =>
      spec
        .given([opened])
        .when(close, at(61))
        .then([
          { type: 'LotClosed', data: { lotId: 'L1', closedAt: at(61).toISOString(), outcome: 'not_sold', winnerId: null, price: null, reason: 'no_bids' } },
        ]));
    it('refuses to close before the deadline', () =>
      spec
        .given([opened])
        .when(close, at(59))
        .thenThrows('auction.not_due', { closesAt: iso(60) }));
    it('closing twice writes nothing the second time', () =>
      spec
        .given([opened, closed(60)])
        .when(close, at(70))
        .then([]));
  });

  it('folds the visible price and leader from the history', () => {
    const state = fold(auctionDecider, [opened, bid('anna', 1000), bid('boris', 1200)]);
    expect(state).toMatchObject({ status: 'open', currentPrice: 1200, leaderId: 'boris', bidCount: 2, leaderMaximum: 1200 });
  });
  it('a day-long default lot is the fixture of the other specs', () =>
    expect(fold(auctionDecider, openedV2())).toMatchObject({ status: 'open', closesAt: iso(DAY), startingPrice: 100_000, minIncrement: 0 }));
});
