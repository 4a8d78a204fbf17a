import { deciderSpec } from '../shared/decider-spec';
import { auctionDecider, bidOutcome, DEFAULT_INCREMENT_TIERS, incrementAt } from './auction.decider';
import { at, bidderFacts, history, iso, lotFacts, maxSet, moved, opened, place, shown, stateOf } from './auction.fixtures';

const spec = deciderSpec(auctionDecider);
const buy = (buyerId: string) => ({ type: 'BuyNow' as const, lotId: 'L1', buyerId });

// Default lot: starting price 100_000 (1,000.00); tier increment 5_000 from 100_000, 10_000 from 200_000.
describe('increments', () => {
  const terms = { sellerStep: 0, incrementTiers: DEFAULT_INCREMENT_TIERS };
  it.each([
    [0, 500],
    [19_999, 500],
    [20_000, 1_000],
    [99_999, 2_500],
    [100_000, 5_000],
    [199_999, 5_000],
    [200_000, 10_000],
    [9_999_999, 250_000],
    [10_000_000_000, 2_500_000],
  ])('at a visible price of %i the tier increment is %i', (price, increment) => expect(incrementAt(price, terms)).toBe(increment));
  it('every default tier is between about 1% and 5% of the prices it covers (above 200.00)', () => {
    DEFAULT_INCREMENT_TIERS.forEach((t, i) => {
      const next = DEFAULT_INCREMENT_TIERS[i + 1]?.from;
      if (t.from >= 20_000) expect(t.increment / t.from).toBeLessThanOrEqual(0.05);
      if (next) expect(t.increment / next).toBeGreaterThanOrEqual(0.01);
    });
  });
  it('the seller step applies when it is larger than the tier', () => {
    expect(incrementAt(100_000, { ...terms, sellerStep: 20_000 })).toBe(20_000);
    expect(incrementAt(600_000, { ...terms, sellerStep: 20_000 })).toBe(25_000);
  });
  it('the minimum next bid is the visible price plus the increment at that price', () => {
    const lot = history(opened(), [
      [place('anna', 150_000), 1],
      [place('boris', 195_000), 2],
    ]); // anna 150k < boris 195k: boris leads at 155_000
    expect(lotFacts(stateOf(lot))).toMatchObject({ currentPrice: 155_000, minimumBid: 160_000 });
    spec.given(lot).when(place('carl', 159_999), at(3)).thenThrows('auction.bid_too_low', { amount: 159_999, minimum: 160_000 });
  });
  it("with a seller's step, the minimum is the price plus that step", () => {
    const lot = opened({ minIncrement: 20_000 });
    spec
      .given(history(lot, [[place('anna', 100_000), 1]]))
      .when(place('boris', 119_999), at(2))
      .thenThrows('auction.bid_too_low', { minimum: 120_000 });
  });
});

describe('proxy bidding', () => {
  const annaLeads = () => history(opened(), [[place('anna', 150_000), 1]]);

  it('a first maximum shows the starting price', () =>
    spec
      .given(opened())
      .when(place('anna', 150_000), at(1))
      .then([moved(maxSet(1, 'anna', 150_000, 1), shown(1, 'anna', 100_000, 1))]));

  it("a lower challenger is answered by the leader's proxy at the challenger's maximum plus one increment", () =>
    spec
      .given(annaLeads())
      .when(place('boris', 120_000), at(2))
      .then([moved(maxSet(2, 'boris', 120_000, 2, 'outbid'), shown(2, 'anna', 125_000, 2, true))]));

  it("the proxy's answer never exceeds the leader's maximum", () =>
    spec
      .given(annaLeads())
      .when(place('boris', 148_000), at(2))
      .then([moved(maxSet(2, 'boris', 148_000, 2, 'outbid'), shown(2, 'anna', 150_000, 2, true))]));

  it('equal maximums: the earlier one leads, at that maximum, and the later bidder is told exactly that', () => {
    const given = annaLeads();
    spec
      .given(given)
      .when(place('boris', 150_000), at(2))
      .then([moved(maxSet(2, 'boris', 150_000, 2, 'outbid_by_earlier_equal_maximum'), shown(2, 'anna', 150_000, 2, true))]);
    const events = auctionDecider.decide(stateOf(given), place('boris', 150_000), at(2));
    expect(bidOutcome(events, 'boris')).toEqual({
      bidNo: 2,
      outcome: 'outbid_by_earlier_equal_maximum',
      maximum: 150_000,
      price: 150_000,
      leaderId: 'anna',
      closesAt: null,
    });
  });

  it('equal maximums are ordered by the stream, not by the clock', () => {
    // anna's maximum was recorded first although its clock reads later (e.g. clock skew between API processes)
    const given = history(opened(), [[place('anna', 150_000), 5]]);
    spec
      .given(given)
      .when(place('boris', 150_000), at(3))
      .then([moved(maxSet(2, 'boris', 150_000, 3, 'outbid_by_earlier_equal_maximum'), shown(2, 'anna', 150_000, 3, true))]);
  });

  it('a later equal maximum loses even when its bidder bid first in the lot', () => {
    const given = history(opened(), [
      [place('anna', 100_000), 1],
      [place('boris', 150_000), 2],
      [place('anna', 150_000), 3],
    ]);
    expect(bidOutcome(given.slice(-2), 'anna')?.outcome).toBe('outbid_by_earlier_equal_maximum');
    expect(stateOf(given)).toMatchObject({ leaderId: 'boris', currentPrice: 150_000 });
  });

  it('a challenger beating the leader by less than one increment still wins, at its own maximum', () =>
    spec
      .given(annaLeads())
      .when(place('boris', 152_000), at(2))
      .then([moved(maxSet(2, 'boris', 152_000, 2), shown(2, 'boris', 152_000, 2))]));

  it("a challenger beating the leader by more wins at the leader's maximum plus one increment", () =>
    spec
      .given(annaLeads())
      .when(place('boris', 200_000), at(2))
      .then([moved(maxSet(2, 'boris', 200_000, 2), shown(2, 'boris', 155_000, 2))]));

  it("the increment is the one at the beaten maximum's price", () => {
    // boris 260k beats anna 195k: 195k + 5k (the tier of 195k, below 200k) = 200k, not 195k + 10k
    spec
      .given(history(opened(), [[place('anna', 195_000), 1]]))
      .when(place('boris', 260_000), at(2))
      .then([moved(maxSet(2, 'boris', 260_000, 2), shown(2, 'boris', 200_000, 2))]);
  });

  it("raising one's own maximum while leading changes nothing visible, but the new maximum counts", () => {
    const raised = history(annaLeads(), [[place('anna', 300_000), 2]]);
    expect(raised.slice(-1)).toEqual([maxSet(2, 'anna', 300_000, 2, 'raised')]);
    expect(stateOf(raised)).toMatchObject({ currentPrice: 100_000, leaderId: 'anna', bidCount: 1 });
    spec
      .given(raised)
      .when(place('boris', 250_000), at(3))
      .then([moved(maxSet(3, 'boris', 250_000, 3, 'outbid'), shown(3, 'anna', 260_000, 3, true))]);
  });

  it('a leader who won at their own maximum keeps that price when raising', () => {
    const events = history(annaLeads(), [
      [place('boris', 152_000), 2],
      [place('boris', 400_000), 3],
    ]);
    expect(stateOf(events)).toMatchObject({ currentPrice: 152_000, leaderId: 'boris', leaderMaximum: 400_000 });
  });

  it('an outbid bidder can come back with a higher maximum', () =>
    spec
      .given(history(annaLeads(), [[place('boris', 120_000), 2]]))
      .when(place('boris', 170_000), at(3))
      .then([moved(maxSet(3, 'boris', 170_000, 3), shown(3, 'boris', 155_000, 3))]));

  it("a bidder's own view shows their maximum and whether they lead", () => {
    const state = stateOf(history(annaLeads(), [[place('boris', 120_000), 2]]));
    expect(bidderFacts(state, 'anna')).toMatchObject({ maximum: 150_000, leading: true, minimumBid: 150_001 });
    expect(bidderFacts(state, 'boris')).toMatchObject({ maximum: 120_000, leading: false, minimumBid: 130_000 });
  });
});

describe('reserve price', () => {
  const withReserve = () => opened({ reservePrice: 200_000 });

  it('below the reserve the price follows the bids and the reserve is not met', () => {
    spec
      .given(withReserve())
      .when(place('anna', 150_000), at(1))
      .then([moved(maxSet(1, 'anna', 150_000, 1), shown(1, 'anna', 100_000, 1, false, false))]);
    expect(lotFacts(stateOf(history(withReserve(), [[place('anna', 150_000), 1]])))?.reserve).toBe('not_met');
  });

  it('a single maximum reaching the reserve makes the visible price jump to the reserve', () =>
    spec
      .given(withReserve())
      .when(place('anna', 250_000), at(1))
      .then([moved(maxSet(1, 'anna', 250_000, 1), shown(1, 'anna', 200_000, 1, false, true))]));

  it('a challenger reaching the reserve: the price jumps to the reserve, not just one increment', () =>
    spec
      .given(history(withReserve(), [[place('anna', 150_000), 1]]))
      .when(place('boris', 250_000), at(2))
      .then([moved(maxSet(2, 'boris', 250_000, 2), shown(2, 'boris', 200_000, 2, false, true))]));

  it('the jump never exceeds the leader maximum; above the reserve normal proxy pricing applies', () =>
    spec
      .given(history(withReserve(), [[place('anna', 250_000), 1]]))
      .when(place('boris', 230_000), at(2))
      .then([moved(maxSet(2, 'boris', 230_000, 2, 'outbid'), shown(2, 'anna', 240_000, 2, true, true))]));

  it('the leader raising their own maximum to the reserve moves the price to the reserve (the one visible effect of a raise)', () =>
    spec
      .given(history(withReserve(), [[place('anna', 150_000), 1]]))
      .when(place('anna', 200_000), at(2))
      .then([moved(maxSet(2, 'anna', 200_000, 2, 'raised'), shown(2, 'anna', 200_000, 2, false, true))]));

  it('a maximum above the reserve meets it', () => {
    const state = stateOf(history(withReserve(), [[place('anna', 250_000), 1]]));
    expect(lotFacts(state)).toMatchObject({ reserve: 'met', reservePrice: 200_000 });
  });
});

describe('buy-now', () => {
  const withBuyNow = () => opened({ buyNowPrice: 300_000 });
  const soldBy = (buyerId: string, minute: number) => ({
    type: 'LotClosed' as const,
    data: { lotId: 'L1', closedAt: iso(minute), outcome: 'sold' as const, winnerId: buyerId, price: 300_000, reason: 'buy_now' as const },
  });

  it('ends the lot at once at the buy-now price', () =>
    spec
      .given(withBuyNow())
      .when(buy('carl'), at(5))
      .then([soldBy('carl', 5)]));

  it('disappears at the first bid', () => {
    spec
      .given(withBuyNow())
      .when(place('anna', 100_000), at(1))
      .then([
        moved(maxSet(1, 'anna', 100_000, 1), shown(1, 'anna', 100_000, 1)),
        { type: 'BuyNowExpired', data: { lotId: 'L1', reason: 'first_bid', expiredAt: iso(1) } },
      ]);
    spec
      .given(history(withBuyNow(), [[place('anna', 100_000), 1]]))
      .when(buy('carl'), at(2))
      .thenThrows('auction.buy_now_unavailable', { reason: 'expired' });
  });

  it('does not come back when the first bid is retracted', () =>
    spec
      .given(
        history(withBuyNow(), [
          [place('anna', 100_000), 1],
          [{ type: 'RetractBid', lotId: 'L1', bidderId: 'anna', bidNo: 1 }, 2],
        ]),
      )
      .when(buy('carl'), at(3))
      .thenThrows('auction.buy_now_unavailable', { reason: 'expired' }));

  it('with a reserve it stays while bids are below the reserve and disappears once the reserve is met', () => {
    const lot = opened({ reservePrice: 200_000, buyNowPrice: 300_000 });
    const below = history(lot, [[place('anna', 150_000), 1]]);
    expect(below.map((e) => e.type)).not.toContain('BuyNowExpired');
    expect(lotFacts(stateOf(below))?.buyNowPrice).toBe(300_000);
    spec
      .given(below)
      .when(buy('carl'), at(2))
      .then([soldBy('carl', 2)]);
    spec
      .given(below)
      .when(place('boris', 200_000), at(2))
      .then([
        moved(maxSet(2, 'boris', 200_000, 2), shown(2, 'boris', 200_000, 2, false, true)),
        { type: 'BuyNowExpired', data: { lotId: 'L1', reason: 'reserve_met', expiredAt: iso(2) } },
      ]);
  });

  it('is refused where there is none, to the seller, and after the deadline', () => {
    spec.given(opened()).when(buy('carl'), at(1)).thenThrows('auction.buy_now_unavailable', { reason: 'not_offered' });
    spec.given(withBuyNow()).when(buy('seller'), at(1)).thenThrows('auction.seller_cannot_bid');
    spec
      .given(withBuyNow())
      .when(buy('carl'), at(24 * 60))
      .thenThrows('auction.bidding_ended');
  });

  it('a lot bought now takes no more bids', () =>
    spec
      .given(history(withBuyNow(), [[buy('carl'), 5]]))
      .when(place('anna', 400_000), at(6))
      .thenThrows('auction.bidding_ended'));
});
