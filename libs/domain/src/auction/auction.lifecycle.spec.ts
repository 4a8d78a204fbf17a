import type { AuctionEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { auctionDecider, type AuctionCommand, type RelistLot } from './auction.decider';
import { ADMIN, at, bidderFacts, DAY, employee, history, iso, lotFacts, maxSet, moved, opened, place, shown, stateOf } from './auction.fixtures';

const spec = deciderSpec(auctionDecider);
const close: AuctionCommand = { type: 'CloseLot', lotId: 'L1' };
const retract = (bidderId: string, bidNo: number): AuctionCommand => ({ type: 'RetractBid', lotId: 'L1', bidderId, bidNo });
const voidBid = (bidNo: number, reason = 'shill bidding', actor = ADMIN): AuctionCommand => ({ type: 'VoidBid', lotId: 'L1', bidNo, actor, reason });
const cancel = (actor = ADMIN, reason?: string): AuctionCommand => ({ type: 'CancelLot', lotId: 'L1', actor, reason });
const relist = (closesAtMinute: number, extra: Partial<RelistLot> = {}): RelistLot => ({
  type: 'RelistLot',
  lotId: 'L1',
  actor: employee('seller'),
  closesAt: iso(closesAtMinute),
  ...extra,
});
const extended = (previous: number, next: number, extension: number, bidNo: number, minute: number): AuctionEvent => ({
  type: 'LotExtended',
  data: { lotId: 'L1', previousClosesAt: iso(previous), closesAt: iso(next), extension, bidNo, extendedAt: iso(minute) },
});
const repriced = (
  price: number | null,
  leaderId: string | null,
  cause: 'retraction' | 'void',
  bidNo: number,
  minute: number,
  reserveMet: boolean | null = null,
): AuctionEvent => ({
  type: 'LotRepriced',
  data: { lotId: 'L1', price, leaderId, reserveMet, cause, bidNo, repricedAt: iso(minute) },
});

describe('soft close (anti-sniping): defaults 5 min window, +5 min, at most 10 extensions', () => {
  const hourLot = () => opened({ closesAt: iso(60) });

  it('a bid that changes the price in the last minutes moves the close to bid time + 5 minutes', () =>
    spec
      .given(hourLot())
      .when(place('anna', 100_000), at(57))
      .then([moved(maxSet(1, 'anna', 100_000, 57), shown(1, 'anna', 100_000, 57)), extended(60, 62, 1, 1, 57)]));

  it('exactly 5 minutes before the close is not yet in the window', () => {
    expect(history(hourLot(), [[place('anna', 100_000), 55]]).map((e) => e.type)).not.toContain('LotExtended');
    expect(history(hourLot(), [[place('anna', 100_000), 55.5]]).slice(-1)).toEqual([extended(60, 60.5, 1, 1, 55.5)]);
  });

  it('a losing challenger still moves the price (by proxy) and so extends', () =>
    spec
      .given(history(hourLot(), [[place('anna', 150_000), 1]]))
      .when(place('boris', 120_000), at(58))
      .then([moved(maxSet(2, 'boris', 120_000, 58, 'outbid'), shown(2, 'anna', 125_000, 58, true)), extended(60, 63, 1, 2, 58)]));

  it('a leader raising their own maximum changes no price and does not extend', () =>
    spec
      .given(history(hourLot(), [[place('anna', 150_000), 1]]))
      .when(place('anna', 300_000), at(58))
      .then([maxSet(2, 'anna', 300_000, 58, 'raised')]));

  it('stops extending at the cap; bidding and closing follow the extended time', () => {
    const capped = opened({ closesAt: iso(60), rules: { softClose: { maxExtensions: 2 } } });
    const events = history(capped, [
      [place('anna', 100_000), 57], // -> 62
      [place('boris', 105_000), 61], // -> 66
      [place('anna', 110_000), 65], // cap reached: no extension
    ]);
    expect(events.filter((e) => e.type === 'LotExtended')).toEqual([extended(60, 62, 1, 1, 57), extended(62, 66, 2, 2, 61)]);
    expect(lotFacts(stateOf(events))).toMatchObject({ closesAt: iso(66), extensions: 2, maxExtensions: 2 });
    spec
      .given(events)
      .when(place('boris', 200_000), at(66))
      .thenThrows('auction.bidding_ended', { closesAt: iso(66) });
    spec
      .given(events)
      .when(close, at(65))
      .thenThrows('auction.not_due', { closesAt: iso(66) });
    spec
      .given(events)
      .when(close, at(66))
      .then([{ type: 'LotClosed', data: { lotId: 'L1', closedAt: iso(66), outcome: 'sold', winnerId: 'anna', price: 110_000, reason: 'highest_bid' } }]);
  });

  it('can be switched off per lot', () =>
    expect(history(opened({ closesAt: iso(60), rules: { softClose: { maxExtensions: 0 } } }), [[place('anna', 100_000), 59]]).map((e) => e.type)).toEqual([
      'LotOpened',
      'BidPlaced',
    ]));
});

describe('bid retraction: defaults within 10 min of the bid, not in the last 60 min', () => {
  const three = () =>
    history(opened(), [
      [place('anna', 150_000), 1],
      [place('boris', 120_000), 2],
      [place('carl', 200_000), 3],
    ]);
  // anna leads at 100k; boris 120k -> anna at 125k; carl 200k -> carl at 155k.

  it('a sole bid retracted leaves the lot without price or leader', () =>
    spec
      .given(history(opened(), [[place('anna', 150_000), 1]]))
      .when(retract('anna', 1), at(5))
      .then([{ type: 'BidRetracted', data: { lotId: 'L1', bidNo: 1, bidderId: 'anna', retractedAt: iso(5) } }, repriced(null, null, 'retraction', 1, 5)]));

  it("the leader's retraction recomputes price and leader by replaying the remaining maxima in stream order", () =>
    spec
      .given(three())
      .when(retract('carl', 3), at(4))
      .then([{ type: 'BidRetracted', data: { lotId: 'L1', bidNo: 3, bidderId: 'carl', retractedAt: iso(4) } }, repriced(125_000, 'anna', 'retraction', 3, 4)]));

  it('a retraction that changes nothing visible writes no LotRepriced', () =>
    spec
      .given(three())
      .when(retract('boris', 2), at(4))
      .then([{ type: 'BidRetracted', data: { lotId: 'L1', bidNo: 2, bidderId: 'boris', retractedAt: iso(4) } }]));

  it("retracting one's own raise falls back to the previous maximum", () => {
    const events = history(opened(), [
      [place('anna', 150_000), 1],
      [place('boris', 120_000), 2],
      [place('anna', 300_000), 3],
      [retract('anna', 3), 4],
    ]);
    expect(events.slice(-1).map((e) => e.type)).toEqual(['BidRetracted']);
    expect(bidderFacts(stateOf(events), 'anna')).toMatchObject({ maximum: 150_000, leading: true });
    spec
      .given(events)
      .when(place('boris', 200_000), at(5))
      .then([moved(maxSet(4, 'boris', 200_000, 5), shown(4, 'boris', 155_000, 5))]);
  });

  it('a retraction can un-meet the reserve', () =>
    spec
      .given(
        history(opened({ reservePrice: 200_000 }), [
          [place('anna', 150_000), 1],
          [place('boris', 250_000), 2],
        ]),
      )
      .when(retract('boris', 2), at(3))
      .then([
        { type: 'BidRetracted', data: { lotId: 'L1', bidNo: 2, bidderId: 'boris', retractedAt: iso(3) } },
        repriced(100_000, 'anna', 'retraction', 2, 3, false),
      ]));

  it('only within the window after placing the bid', () => {
    const one = history(opened(), [[place('anna', 150_000), 1]]);
    expect(auctionDecider.decide(stateOf(one), retract('anna', 1), at(11))).toHaveLength(2);
    spec
      .given(one)
      .when(retract('anna', 1), at(11.5))
      .thenThrows('auction.retraction_window_passed', { bidNo: 1, retractableUntil: iso(11) });
  });

  it('not in the last hour before the (current) close', () => {
    const lot = history(opened({ closesAt: iso(90) }), [[place('anna', 150_000), 25]]);
    expect(auctionDecider.decide(stateOf(lot), retract('anna', 1), at(29))).toHaveLength(2);
    spec
      .given(lot)
      .when(retract('anna', 1), at(30))
      .thenThrows('auction.retraction_too_close_to_end', { closesAt: iso(90), lockedFrom: iso(30) });
  });

  it("only one's own bid, an existing one, and twice is a no-op", () => {
    spec.given(three()).when(retract('anna', 3), at(4)).thenThrows('auction.not_your_bid', { bidNo: 3 });
    spec.given(three()).when(retract('anna', 9), at(4)).thenThrows('auction.bid_not_found', { bidNo: 9 });
    spec
      .given(history(three(), [[retract('carl', 3), 4]]))
      .when(retract('carl', 3), at(5))
      .then([]);
  });

  it('not after the close', () =>
    spec
      .given(
        history(opened({ closesAt: iso(90) }), [
          [place('anna', 150_000), 1],
          [close, 90],
        ]),
      )
      .when(retract('anna', 1), at(91))
      .thenThrows('auction.bidding_ended'));
});

describe('void by an admin', () => {
  const three = () =>
    history(opened(), [
      [place('anna', 150_000), 1],
      [place('boris', 120_000), 2],
      [place('carl', 200_000), 3],
    ]);

  it('voids a bid with a reason and recomputes price and leader from the remaining bids', () =>
    spec
      .given(three())
      .when(voidBid(3), at(600))
      .then([
        { type: 'BidVoided', data: { lotId: 'L1', bidNo: 3, bidderId: 'carl', voidedBy: 'admin', reason: 'shill bidding', voidedAt: iso(600) } },
        repriced(125_000, 'anna', 'void', 3, 600),
      ]));

  it('works outside the retraction policy (e.g. in the last hour)', () =>
    expect(auctionDecider.decide(stateOf(three()), voidBid(3), at(DAY - 1)).map((e) => e.type)).toEqual(['BidVoided', 'LotRepriced']));

  it('voiding the runner-up recomputes the price too', () =>
    spec
      .given(
        history(opened(), [
          [place('anna', 150_000), 1],
          [place('boris', 140_000), 2],
        ]),
      )
      .when(voidBid(2), at(3))
      .then([
        { type: 'BidVoided', data: { lotId: 'L1', bidNo: 2, bidderId: 'boris', voidedBy: 'admin', reason: 'shill bidding', voidedAt: iso(3) } },
        repriced(100_000, 'anna', 'void', 2, 3),
      ]));

  it('needs an admin and a reason; an open lot; an existing bid; twice is a no-op', () => {
    spec
      .given(three())
      .when(voidBid(3, 'x', employee('seller')), at(4))
      .thenThrows('auction.admin_required', { action: 'void a bid' });
    spec.given(three()).when(voidBid(3, '  '), at(4)).thenThrows('auction.reason_required');
    spec.given(three()).when(voidBid(7), at(4)).thenThrows('auction.bid_not_found');
    spec
      .given(history(three(), [[close, DAY]]))
      .when(voidBid(3), at(DAY + 1))
      .thenThrows('auction.lot_closed');
    spec
      .given(history(three(), [[voidBid(3), 4]]))
      .when(voidBid(3, 'again'), at(5))
      .then([]);
  });
});

describe('cancel / withdraw', () => {
  const withBid = () => history(opened(), [[place('anna', 150_000), 1]]);
  const cancelled = (as: 'admin' | 'seller', by: string, reason: string, minute: number): AuctionEvent => ({
    type: 'LotCancelled',
    data: { lotId: 'L1', cancelledBy: by, as, reason, cancelledAt: iso(minute) },
  });

  it('an admin cancels any time before the close, with a reason, bids or not', () =>
    spec
      .given(withBid())
      .when(cancel(ADMIN, 'spot no longer available'), at(5))
      .then([cancelled('admin', 'admin', 'spot no longer available', 5)]));
  it('an admin must give a reason', () => spec.given(withBid()).when(cancel(ADMIN), at(5)).thenThrows('auction.reason_required'));
  it('the seller withdraws before the first bid', () =>
    spec
      .given(opened())
      .when(cancel(employee('seller')), at(5))
      .then([cancelled('seller', 'seller', '', 5)]));
  it('the seller cannot withdraw once there is a bid', () =>
    spec
      .given(withBid())
      .when(cancel(employee('seller'), 'changed my mind'), at(5))
      .thenThrows('auction.has_bids'));
  it('the seller can withdraw again once every bid was retracted', () =>
    expect(auctionDecider.decide(stateOf(history(withBid(), [[retract('anna', 1), 2]])), cancel(employee('seller')), at(3))[0].type).toBe('LotCancelled'));
  it('nobody else may cancel', () =>
    spec
      .given(opened())
      .when(cancel(employee('anna'), 'no'), at(5))
      .thenThrows('auction.not_seller_or_admin', { action: 'cancel this lot' }));
  it('not after the close', () =>
    spec
      .given(history(opened(), [[close, DAY]]))
      .when(cancel(ADMIN, 'late'), at(DAY + 1))
      .thenThrows('auction.lot_closed'));
  it('a cancelled lot takes no bids, cancelling again and closing it are no-ops', () => {
    const events = history(withBid(), [[cancel(ADMIN, 'x'), 5]]);
    spec.given(events).when(place('boris', 500_000), at(6)).thenThrows('auction.lot_cancelled');
    spec.given(events).when(cancel(ADMIN, 'again'), at(6)).then([]);
    spec.given(events).when(close, at(DAY)).then([]);
    expect(lotFacts(stateOf(events))).toMatchObject({ status: 'cancelled', minimumBid: null });
  });
});

describe('relist', () => {
  const unsold = () => history(opened(), [[close, DAY]]);

  it('the seller relists an unsold lot with a new closing time on the same stream', () => {
    spec
      .given(unsold())
      .when(relist(3 * DAY), at(DAY + 10))
      .then([
        {
          type: 'LotRelisted',
          data: {
            lotId: 'L1',
            relistedBy: 'seller',
            relistedAt: iso(DAY + 10),
            closesAt: iso(3 * DAY),
            startingPrice: 100_000,
            buyNowPrice: null,
            hasReserve: false,
            round: 2,
          },
        },
      ]);
    const state = stateOf(history(unsold(), [[relist(3 * DAY), DAY + 10]]));
    expect(state).toMatchObject({ status: 'open', closesAt: iso(3 * DAY), round: 2, currentPrice: null, leaderId: null, bidCount: 0, outcome: null });
  });

  it('relisting clears the bids (bid numbers continue) and may change starting price and reserve', () => {
    const reserveNotMet = history(opened({ reservePrice: 200_000 }), [
      [place('anna', 150_000), 1],
      [close, DAY],
    ]);
    expect(reserveNotMet.slice(-1)[0]).toMatchObject({ data: { outcome: 'not_sold', reason: 'reserve_not_met', winnerId: null, price: null } });
    const events = history(reserveNotMet, [[{ ...relist(3 * DAY, { startingPrice: 90_000, reservePrice: 160_000 }), actor: ADMIN }, DAY + 1]]);
    expect(events.slice(-2)).toEqual([
      {
        type: 'LotRelisted',
        data: {
          lotId: 'L1',
          relistedBy: 'admin',
          relistedAt: iso(DAY + 1),
          closesAt: iso(3 * DAY),
          startingPrice: 90_000,
          buyNowPrice: null,
          hasReserve: true,
          round: 2,
        },
      },
      { type: 'ReservePriceSet', data: { lotId: 'L1', reservePrice: 160_000, setAt: iso(DAY + 1) } },
    ]);
    expect(bidderFacts(stateOf(events), 'anna')).toMatchObject({ maximum: null, bids: [] });
    spec
      .given(events)
      .when(retract('anna', 1), at(DAY + 2))
      .thenThrows('auction.bid_not_found');
    spec
      .given(events)
      .when(place('anna', 170_000), at(DAY + 2))
      .then([moved(maxSet(2, 'anna', 170_000, DAY + 2), shown(2, 'anna', 160_000, DAY + 2, false, true))]);
  });

  it('can remove the reserve and bring buy-now back', () => {
    const events = history(opened({ reservePrice: 200_000 }), [
      [close, DAY],
      [relist(2 * DAY, { reservePrice: null, buyNowPrice: 250_000 }), DAY],
    ]);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['LotRelisted', 'ReservePriceSet']);
    expect(lotFacts(stateOf(events))).toMatchObject({ reserve: 'none', reservePrice: null, buyNowPrice: 250_000 });
  });

  it('only an unsold, closed lot; only by the seller or an admin; with a future closing time', () => {
    spec
      .given(opened())
      .when(relist(2 * DAY), at(1))
      .thenThrows('auction.not_relistable', { status: 'open' });
    spec
      .given(
        history(opened(), [
          [place('anna', 100_000), 1],
          [close, DAY],
        ]),
      )
      .when(relist(2 * DAY), at(DAY + 1))
      .thenThrows('auction.not_relistable', { status: 'closed', outcome: 'sold' });
    spec
      .given(history(opened(), [[cancel(ADMIN, 'x'), 1]]))
      .when(relist(2 * DAY), at(2))
      .thenThrows('auction.not_relistable', { status: 'cancelled' });
    spec
      .given(unsold())
      .when({ ...relist(2 * DAY), actor: employee('anna') }, at(DAY + 1))
      .thenThrows('auction.not_seller_or_admin');
    spec
      .given(unsold())
      .when(relist(DAY), at(DAY + 1))
      .thenThrows('auction.closing_time_in_past');
    spec
      .given(unsold())
      .when(relist(2 * DAY, { reservePrice: 50_000 }), at(DAY + 1))
      .thenThrows('auction.invalid_reserve');
  });
});

describe('closing', () => {
  it('sold to the leader at the visible price when the reserve is met', () =>
    spec
      .given(
        history(opened({ reservePrice: 200_000 }), [
          [place('anna', 150_000), 1],
          [place('boris', 260_000), 2],
        ]),
      )
      .when(close, at(DAY))
      .then([{ type: 'LotClosed', data: { lotId: 'L1', closedAt: iso(DAY), outcome: 'sold', winnerId: 'boris', price: 200_000, reason: 'highest_bid' } }]));
  it('not sold when the reserve is not met', () =>
    spec
      .given(history(opened({ reservePrice: 200_000 }), [[place('anna', 150_000), 1]]))
      .when(close, at(DAY + 5))
      .then([
        { type: 'LotClosed', data: { lotId: 'L1', closedAt: iso(DAY + 5), outcome: 'not_sold', winnerId: null, price: null, reason: 'reserve_not_met' } },
      ]));
  it('a lot bought now is already closed: a scheduled close is a no-op', () =>
    spec
      .given(history(opened({ buyNowPrice: 300_000 }), [[{ type: 'BuyNow', lotId: 'L1', buyerId: 'carl' }, 1]]))
      .when(close, at(DAY))
      .then([]));
});
