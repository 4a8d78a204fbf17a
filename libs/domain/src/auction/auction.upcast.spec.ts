import type { AuctionEvent, LotClosed, LotOpened } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import {
  auctionDecider,
  DEFAULT_MAX_AMOUNT,
  DEFAULT_RETRACTION,
  DEFAULT_SOFT_CLOSE,
  lotOpenedSchemaVersion,
  minimumBid,
  submittedMaximum,
  upcastAuctionEvent,
  upcastLotClosed,
  upcastLotOpened,
  type LotFields,
} from './auction.decider';
import { at, history, iso, maxSet, moved, opened, place, shown, stateOf, T0 } from './auction.fixtures';

const spec = deciderSpec(auctionDecider);

/** A LotOpened exactly as the foundation slice stored it (schema v1). */
const v1: LotOpened = {
  type: 'LotOpened',
  data: {
    lotId: 'L1',
    kind: 'own_lot',
    title: 'Bike',
    description: '',
    sellerId: 'seller',
    startingPrice: 1000,
    minIncrement: 100,
    currency: 'RUB',
    opensAt: T0.toISOString(),
    closesAt: iso(60),
    details: {},
  },
};
const v1Bid = (bidderId: string, amount: number, minute: number): AuctionEvent => ({
  type: 'BidPlaced',
  data: { lotId: 'L1', bidderId, amount, placedAt: iso(minute) },
});

describe('schema evolution (upcast of stored events)', () => {
  it("an old LotOpened reads with explicit defaults: the terms it was announced with, today's process rules", () => {
    expect(lotOpenedSchemaVersion(v1.data)).toBe(1);
    expect(upcastLotOpened(v1.data)).toEqual({
      ...v1.data,
      openedBy: null,
      hasReserve: false,
      buyNowPrice: null,
      delegates: [],
      rules: {
        incrementTiers: [{ from: 0, increment: 100 }], // its fixed increment, at every price
        softClose: { ...DEFAULT_SOFT_CLOSE, maxExtensions: 0 }, // its closing time stays fixed
        retraction: DEFAULT_RETRACTION,
        maxAmount: DEFAULT_MAX_AMOUNT,
      },
    });
  });

  it('a current LotOpened is returned unchanged', () => {
    const [current] = opened({ reservePrice: 200_000, buyNowPrice: 300_000, delegates: ['assistant'] }) as LotOpened[];
    expect(lotOpenedSchemaVersion(current.data)).toBe(2);
    expect(upcastLotOpened(current.data)).toEqual(current.data);
    expect(upcastAuctionEvent(current)).toEqual(current);
  });

  it('an old LotClosed gets the reason it must have had (v1 lots had no reserve)', () => {
    const sold: LotClosed['data'] = { lotId: 'L1', closedAt: iso(60), outcome: 'sold', winnerId: 'anna', price: 1000 };
    expect(upcastLotClosed(sold).reason).toBe('highest_bid');
    expect(upcastLotClosed({ ...sold, outcome: 'not_sold', winnerId: null, price: null }).reason).toBe('no_bids');
    expect(upcastLotClosed({ ...sold, reason: 'buy_now' }).reason).toBe('buy_now');
  });

  it('other events pass through unchanged', () => {
    const e = v1Bid('anna', 1000, 1);
    expect(upcastAuctionEvent(e)).toBe(e);
  });

  it('an old lot folds with those defaults: flat increment at any price, no reserve, no buy-now', () => {
    const state = stateOf([v1, v1Bid('anna', 1000, 1), v1Bid('boris', 5_000_000, 2)]) as LotFields;
    expect(state).toMatchObject({ status: 'open', openedBy: null, hasReserve: false, buyNowAvailable: false, delegates: [], currentPrice: 5_000_000 });
    expect(minimumBid(state)).toBe(5_000_100);
  });

  it('an old lot does not extend on a last-minute bid', () =>
    spec
      .given([v1])
      .when(place('anna', 1000), at(59))
      .then([moved(maxSet(1, 'anna', 1000, 59), shown(1, 'anna', 1000, 59))]));

  it('old plain bids become maxima equal to their amounts, so proxy bidding continues from them', () => {
    const given = [v1, v1Bid('anna', 1000, 1), v1Bid('boris', 1500, 2)];
    expect(stateOf(given)).toMatchObject({ leaderId: 'boris', leaderMaximum: 1500, nextBidNo: 3, bidCount: 2 });
    spec
      .given(given)
      .when(place('carl', 3000), at(3))
      .then([moved(maxSet(3, 'carl', 3000, 3), shown(3, 'carl', 1600, 3))]);
    spec.given(given).when(place('anna', 1550), at(3)).thenThrows('auction.bid_too_low', { minimum: 1600 });
  });

  it('old bids can be retracted under the policy; the replay uses them as maxima', () =>
    spec
      .given([{ ...v1, data: { ...v1.data, closesAt: iso(600) } }, v1Bid('anna', 1000, 1), v1Bid('boris', 1500, 2)])
      .when({ type: 'RetractBid', lotId: 'L1', bidderId: 'boris', bidNo: 2 }, at(3))
      .then([
        { type: 'BidRetracted', data: { lotId: 'L1', bidNo: 2, bidderId: 'boris', retractedAt: iso(3) } },
        { type: 'LotRepriced', data: { lotId: 'L1', price: 1000, leaderId: 'anna', reserveMet: null, cause: 'retraction', bidNo: 2, repricedAt: iso(3) } },
      ]));

  it('a v1 stream continued with v2 events folds the same as one decided now', () => {
    const mixed = history(
      [v1, v1Bid('anna', 1000, 1)],
      [
        [place('boris', 2000), 2],
        [place('anna', 1500), 3],
        [{ type: 'CloseLot', lotId: 'L1' }, 60],
      ],
    );
    expect(stateOf(mixed)).toMatchObject({ status: 'closed', outcome: 'sold', winnerId: 'boris', finalPrice: 1600 });
  });

  it('bids stored as two events (MaximumSet, then BidPlaced v2) fold as the one BidPlaced v3 written since', () => {
    const now = history(opened({ reservePrice: 180_000, buyNowPrice: 400_000 }), [
      [place('anna', 150_000), 1],
      [place('boris', 120_000), 2],
      [place('carl', 200_000), 3],
      [place('carl', 250_000), 4],
      [place('anna', 260_000), 5],
    ]);
    expect(now.filter((e) => e.type === 'MaximumSet')).toHaveLength(1); // carl's raise moved nothing visible
    const stored = now.flatMap((e): AuctionEvent[] => {
      const m = submittedMaximum(e);
      if (e.type !== 'BidPlaced' || !m) return [e];
      const { submitted: _, ...price } = e.data;
      return [
        { type: 'MaximumSet', data: m },
        { type: 'BidPlaced', data: price },
      ];
    });
    expect(stored.filter((e) => e.type === 'MaximumSet')).toHaveLength(5);
    expect(stateOf(stored)).toEqual(stateOf(now));
    spec
      .given(stored)
      .when(place('boris', 300_000), at(6))
      .then(auctionDecider.decide(stateOf(now), place('boris', 300_000), at(6)));
  });
});
