import type { AuctionEvent, AuctionRules } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { LotRow } from '@megabot/read-model';
import { foldSpec, recordedStream } from '@megabot/testing';
import { evolveBidders, evolveLot, notificationId, notificationsOf, rowsOf } from './auction.fold';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const RULES: AuctionRules = {
  incrementTiers: [{ from: 0, increment: 100 }],
  softClose: { windowMinutes: 5, extensionMinutes: 5, maxExtensions: 3 },
  retraction: { windowMinutes: 10, lockBeforeCloseMinutes: 60 },
  maxAmount: 1_000_000,
};

/** One lot's stream: events numbered as the log records them. */
function lot(lotId = 'L1') {
  const record = recordedStream(`auction-${lotId}`);
  const e = <T extends AuctionEvent>(type: T['type'], data: Omit<T['data'], 'lotId'>) => record(type, { lotId, ...data } as T['data']);
  return {
    opened: (extra: Partial<Extract<AuctionEvent, { type: 'LotOpened' }>['data']> = {}) =>
      e('LotOpened', {
        kind: 'own_lot',
        title: 'Bike',
        description: '',
        sellerId: 'seller',
        startingPrice: 1000,
        minIncrement: 0,
        currency: 'RUB',
        opensAt: at(0),
        closesAt: at(60),
        details: {},
        openedBy: { employeeId: 'seller', roles: ['employee'] },
        hasReserve: false,
        buyNowPrice: null,
        delegates: [],
        rules: RULES,
        ...extra,
      }),
    maximum: (bidNo: number, bidderId: string, maximum: number, outcome: 'leading' | 'raised' | 'outbid' = 'leading') =>
      e('MaximumSet', { bidNo, bidderId, maximum, placedAt: at(bidNo), outcome }),
    price: (bidNo: number, bidderId: string, amount: number, byProxy = false) => e('BidPlaced', { bidderId, amount, placedAt: at(bidNo), bidNo, byProxy }),
    /** v3: the price change carrying the maximum that caused it (one event where v2 wrote MaximumSet + BidPlaced). */
    bid: (bidNo: number, leaderId: string, amount: number, by: { bidderId: string; maximum: number; outcome: 'leading' | 'raised' | 'outbid' }) =>
      e('BidPlaced', { bidderId: leaderId, amount, placedAt: at(bidNo), bidNo, byProxy: leaderId !== by.bidderId, submitted: by }),
    v1bid: (bidderId: string, amount: number) => e('BidPlaced', { bidderId, amount, placedAt: at(1) }),
    extended: (closesAt: string, extension: number, bidNo: number) =>
      e('LotExtended', { previousClosesAt: at(60), closesAt, extension, bidNo, extendedAt: at(58) }),
    retracted: (bidNo: number, bidderId: string) => e('BidRetracted', { bidNo, bidderId, retractedAt: at(5) }),
    voided: (bidNo: number, bidderId: string) => e('BidVoided', { bidNo, bidderId, voidedBy: 'admin', reason: 'shill', voidedAt: at(5) }),
    repriced: (price: number | null, leaderId: string | null, bidNo: number) =>
      e('LotRepriced', { price, leaderId, reserveMet: null, cause: 'retraction', bidNo, repricedAt: at(5) }),
    reserve: (reservePrice: number | null) => e('ReservePriceSet', { reservePrice, setAt: at(0) }),
    cancelled: (cancelledBy: string) =>
      e('LotCancelled', { cancelledBy, as: cancelledBy === 'seller' ? 'seller' : 'admin', reason: 'duplicate', cancelledAt: at(10) }),
    relisted: () =>
      e('LotRelisted', { relistedBy: 'seller', relistedAt: at(70), closesAt: at(200), startingPrice: 700, buyNowPrice: null, hasReserve: false, round: 2 }),
    closed: (winnerId: string | null, price: number | null, reason?: 'highest_bid' | 'buy_now' | 'no_bids') =>
      e('LotClosed', { closedAt: at(61), outcome: winnerId ? 'sold' : 'not_sold', winnerId, price, ...(reason ? { reason } : {}) }),
  };
}

const spec = foldSpec(evolveLot);

/** The notifications of `event` after `given`, with the bidders folded as the projection folds them. */
function notices(given: RecordedEvent[], event: RecordedEvent) {
  let row: LotRow | undefined;
  let bidders: readonly string[] = [];
  for (const e of given) {
    row = evolveLot(row, e);
    bidders = evolveBidders(bidders, e);
  }
  return notificationsOf(event, row, evolveLot(row, event)!, bidders).map((n) => ({ to: n.recipient_id, kind: n.kind, category: n.category, data: n.data }));
}

describe('auction read model fold', () => {
  describe('evolveLot', () => {
    it('opens a lot: public facts, the first minimum bid, round 1', () => {
      const l = lot();
      spec
        .given([])
        .when(l.opened({ buyNowPrice: 5000 }))
        .then({
          lot_id: 'L1',
          status: 'open',
          starting_price: '1000',
          minimum_bid: '1000',
          current_price: null,
          bid_count: 0,
          buy_now_price: '5000',
          buy_now_available: true,
          closes_at: new Date(at(60)),
          round: 1,
          next_bid_no: 1,
          revision: '0',
        });
    });

    it('skips an event it has applied (at or below the row revision), a second LotOpened, and events of an unknown lot', () => {
      const l = lot();
      const opened = l.opened();
      const m = l.maximum(1, 'anna', 1500);
      spec.given([opened, m]).when(m).thenUnchanged();
      spec.given([opened]).when(opened).thenUnchanged();
      expect(evolveLot(undefined, l.maximum(2, 'anna', 1500))).toBeUndefined();
    });

    it('a visible bid moves price, leader, count and the minimum next bid; a maximum only numbers the next bid', () => {
      const l = lot();
      const given = [l.opened(), l.maximum(1, 'anna', 1500)];
      spec.given([given[0]]).when(given[1]).then({ current_price: null, leader_id: null, next_bid_no: 2, revision: '1' });
      spec
        .given(given)
        .when(l.price(1, 'anna', 1000))
        .then({ current_price: '1000', leader_id: 'anna', bid_count: 1, minimum_bid: '1100', revision: '2' });
    });

    it('a v1 bid (no bid number) takes the next number', () => {
      const l = lot();
      spec
        .given([l.opened(), l.v1bid('anna', 1000)])
        .when(l.v1bid('boris', 1200))
        .then({ next_bid_no: 3, bid_count: 2, current_price: '1200', leader_id: 'boris' });
    });

    it('soft close moves the close; a withdrawal reprices; a reserve is tracked as met or not', () => {
      const l = lot();
      const opened = l.opened({ hasReserve: true });
      spec.given([opened]).when(l.reserve(5000)).then({ has_reserve: true, reserve_met: false });
      const bids = [opened, l.maximum(1, 'anna', 1500), l.price(1, 'anna', 1000)];
      spec
        .given(bids)
        .when(l.extended(at(65), 1, 1))
        .then({ closes_at: new Date(at(65)), extensions: 1 });
      spec
        .given(bids)
        .when(l.repriced(null, null, 1))
        .then({ current_price: null, leader_id: null, minimum_bid: '1000' });
    });

    it('closing, cancelling and relisting', () => {
      const l = lot();
      const sold = [l.opened(), l.maximum(1, 'anna', 1500), l.price(1, 'anna', 1000)];
      spec
        .given(sold)
        .when(l.closed('anna', 1000))
        .then({ status: 'closed', outcome: 'sold', winner_id: 'anna', final_price: '1000', close_reason: 'highest_bid', minimum_bid: null });
      spec
        .given(sold)
        .when(l.cancelled('admin'))
        .then({ status: 'cancelled', cancel_reason: 'duplicate', cancelled_at: new Date(at(10)), minimum_bid: null });
      const m = lot('L2');
      spec
        .given([m.opened(), m.closed(null, null)])
        .when(m.relisted())
        .then({
          status: 'open',
          round: 2,
          starting_price: '700',
          minimum_bid: '700',
          closes_at: new Date(at(200)),
          extensions: 0,
          outcome: null,
          close_reason: null,
        });
    });
  });

  describe('rowsOf', () => {
    it('a maximum is a private row of the round; a visible bid a public one; a v1 bid is both', () => {
      const l = lot();
      const opened = l.opened();
      const row = evolveLot(undefined, opened)!;
      const m = l.maximum(1, 'anna', 1500);
      expect(rowsOf(m, row, evolveLot(row, m)!)).toEqual({
        maximum: { lot_id: 'L1', bid_no: 1, bidder_id: 'anna', maximum: '1500', placed_at: new Date(at(1)), outcome: 'leading', status: 'active', round: 1 },
      });
      const p = l.price(1, 'anna', 1000, true);
      expect(rowsOf(p, row, evolveLot(row, p)!).bid).toMatchObject({ event_id: p.id, bid_no: 1, amount: '1000', by_proxy: true, status: 'active', round: 1 });
      const v1 = l.v1bid('boris', 1200);
      const r = rowsOf(v1, row, evolveLot(row, v1)!);
      expect(r.bid).toMatchObject({ bid_no: 1, bidder_id: 'boris', amount: '1200' });
      expect(r.maximum).toMatchObject({ bid_no: 1, bidder_id: 'boris', maximum: '1200', outcome: 'leading' });
    });

    it('a v3 bid (the price change carrying its maximum) makes the rows, lot and notices of the v2 pair it replaces', () => {
      const v2 = lot();
      const v3 = lot();
      const before2 = [v2.opened(), v2.maximum(1, 'anna', 1500), v2.price(1, 'anna', 1000)];
      const before3 = [v3.opened(), v3.bid(1, 'anna', 1000, { bidderId: 'anna', maximum: 1500, outcome: 'leading' })];
      const fold = (events: RecordedEvent[]) => events.reduce<LotRow | undefined>(evolveLot, undefined)!;
      const pair = [v2.maximum(2, 'boris', 2000), v2.price(2, 'boris', 1600)];
      const one = v3.bid(2, 'boris', 1600, { bidderId: 'boris', maximum: 2000, outcome: 'leading' });
      const { revision: r2, ...lot2 } = fold([...before2, ...pair]);
      const { revision: r3, ...lot3 } = fold([...before3, one]);
      expect(lot3).toEqual(lot2);
      expect([r2, r3]).toEqual(['4', '2']);
      const rowsOfPair = {
        ...rowsOf(pair[0], fold(before2), fold([...before2, pair[0]])),
        ...rowsOf(pair[1], fold([...before2, pair[0]]), fold([...before2, ...pair])),
      };
      const rowsOfOne = rowsOf(one, fold(before3), fold([...before3, one]));
      expect({ ...rowsOfOne.bid, event_id: null, revision: null }).toEqual({ ...rowsOfPair.bid, event_id: null, revision: null });
      expect(rowsOfOne.maximum).toEqual(rowsOfPair.maximum);
      expect(notices(before3, one)).toEqual(notices(before2, pair[0]));
      expect(notices(before3, one)).toEqual([{ to: 'anna', kind: 'outbid', category: 'outbid', data: { title: 'Bike', currency: 'RUB', bidNo: 2 } }]);
      // answered by anna's proxy: boris is a bidder of the round, nobody is told
      const answered = v3.bid(2, 'anna', 1300, { bidderId: 'boris', maximum: 1200, outcome: 'outbid' });
      expect(notices(before3, answered)).toEqual([]);
      expect(rowsOf(answered, fold(before3), fold([...before3, answered])).maximum).toMatchObject({
        bid_no: 2,
        bidder_id: 'boris',
        maximum: '1200',
        outcome: 'outbid',
      });
      expect(evolveBidders(['anna'], answered)).toEqual(['anna', 'boris']);
    });

    it('withdrawals and the reserve', () => {
      const l = lot();
      const row = evolveLot(undefined, l.opened())!;
      const rows = (e: RecordedEvent) => rowsOf(e, row, evolveLot(row, e)!);
      expect(rows(l.retracted(3, 'anna'))).toEqual({ withdrawal: { lot_id: 'L1', bid_no: 3, status: 'retracted' } });
      expect(rows(l.voided(4, 'boris'))).toEqual({ withdrawal: { lot_id: 'L1', bid_no: 4, status: 'voided' } });
      expect(rows(l.reserve(5000))).toEqual({ reserve: { lot_id: 'L1', reserve_price: '5000', revision: '3' } }); // the third event of the stream
    });
  });

  describe('notificationsOf', () => {
    const l = lot();
    const opened = l.opened();
    const annaLeads = [opened, l.maximum(1, 'anna', 1500), l.price(1, 'anna', 1000)];

    it('outbid only when the leader’s maximum is surpassed', () => {
      expect(notices(annaLeads, l.maximum(2, 'boris', 2000))).toEqual([
        { to: 'anna', kind: 'outbid', category: 'outbid', data: { title: 'Bike', currency: 'RUB', bidNo: 2 } },
      ]);
      expect(notices(annaLeads, l.maximum(2, 'boris', 1200, 'outbid'))).toEqual([]); // answered by anna's proxy
      expect(notices(annaLeads, l.maximum(2, 'anna', 3000, 'raised'))).toEqual([]);
      expect(notices([opened], l.maximum(1, 'anna', 1500))).toEqual([]); // nobody led
    });

    it('leading when a withdrawal hands the lead to someone else', () => {
      const given = [...annaLeads, l.maximum(2, 'boris', 2000), l.price(2, 'boris', 1600)];
      expect(notices(given, l.repriced(1500, 'anna', 2))).toEqual([
        { to: 'anna', kind: 'leading', category: 'leading', data: { title: 'Bike', currency: 'RUB', price: 1500, cause: 'retraction' } },
      ]);
      expect(notices(given, l.repriced(1400, 'boris', 2))).toEqual([]);
    });

    it('an extension reaches every bidder of the round, the one whose bid caused it too', () => {
      const given = [...annaLeads, l.maximum(2, 'boris', 2000), l.price(2, 'boris', 1600), l.maximum(3, 'anna', 1700, 'outbid')];
      expect(notices(given, l.extended(at(65), 1, 3))).toEqual(
        ['anna', 'boris'].map((to) => ({
          to,
          kind: 'extended',
          category: 'lot_extended',
          data: { title: 'Bike', currency: 'RUB', closesAt: at(65), previousClosesAt: at(60) },
        })),
      );
    });

    it('a cancellation reaches the bidders and the seller, never whoever cancelled', () => {
      const byAdmin = notices(annaLeads, l.cancelled('admin'));
      expect(byAdmin.map((n) => [n.to, n.kind, n.category])).toEqual([
        ['seller', 'cancelled', 'lot_cancelled'],
        ['anna', 'cancelled', 'lot_cancelled'],
      ]);
      expect(notices([opened], l.cancelled('seller'))).toEqual([]);
    });

    it('the close: won, lost, sold - and a buy-now winner who never bid', () => {
      const given = [...annaLeads, l.maximum(2, 'boris', 2000), l.price(2, 'boris', 1600)];
      const facts = { title: 'Bike', currency: 'RUB', price: 1600, reason: 'highest_bid' };
      expect(notices(given, l.closed('boris', 1600))).toEqual([
        { to: 'boris', kind: 'won', category: 'lot_closed', data: facts },
        { to: 'seller', kind: 'sold', category: 'lot_closed', data: { ...facts, winnerId: 'boris' } },
        { to: 'anna', kind: 'lost', category: 'lot_closed', data: facts },
      ]);
      const b = lot('L3');
      expect(notices([b.opened({ buyNowPrice: 4000 })], b.closed('dmitry', 4000, 'buy_now')).map((n) => [n.to, n.kind])).toEqual([
        ['dmitry', 'won'],
        ['seller', 'sold'],
      ]);
      expect(notices([b.opened()], b.closed(null, null)).map((n) => [n.to, n.kind, n.data.reason])).toEqual([['seller', 'not_sold', 'no_bids']]);
    });

    it('after a relist only the new round’s bidders are told', () => {
      const r = lot('L4');
      const given = [r.opened(), r.v1bid('anna', 1000), r.closed(null, null), r.relisted(), r.maximum(2, 'boris', 900), r.price(2, 'boris', 700)];
      expect(notices(given, r.closed('boris', 700)).map((n) => [n.to, n.kind])).toEqual([
        ['boris', 'won'],
        ['seller', 'sold'],
      ]);
    });

    it('one id per (event, recipient), the same as PostgreSQL computes it (md5 of "<event uuid>:<recipient>")', () => {
      expect(notificationId('5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', 'anna')).toBe('d8d24997-8da9-e5d8-b576-8ee508280695');
      expect(notificationId('5F0C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B', 'anna')).toBe('d8d24997-8da9-e5d8-b576-8ee508280695');
      let row: LotRow | undefined;
      for (const e of annaLeads) row = evolveLot(row, e);
      const outbid = l.maximum(2, 'boris', 2000);
      expect(notificationsOf(outbid, row, evolveLot(row, outbid)!, [])).toMatchObject([
        { id: notificationId(outbid.id, 'anna'), event_id: outbid.id, lot_id: 'L1', created_at: outbid.recordedAt },
      ]);
    });
  });
});
