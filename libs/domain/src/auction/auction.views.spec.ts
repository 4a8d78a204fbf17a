import { bidderView, publicLotView } from './auction.decider';
import { ADMIN, DAY, history, opened, place, stateOf } from './auction.fixtures';

describe('views: maxima stay private until the close', () => {
  // distinctive amounts so a leak is easy to spot
  const events = () =>
    history(opened({ reservePrice: 250_300 }), [
      [place('anna', 187_300), 1],
      [place('boris', 143_700), 2],
      [place('anna', 211_900), 3],
    ]);
  const secrets = ['187300', '211900', '143700', '250300'];

  it('an anonymous viewer sees the public state only', () => {
    const view = publicLotView(stateOf(events()))!;
    expect(view).toMatchObject({ status: 'open', currentPrice: 148_700, leaderId: 'anna', minimumBid: 153_700, reserve: 'not_met', reservePrice: null, viewer: null, revealedBids: null });
    for (const s of secrets) expect(JSON.stringify(view)).not.toContain(s);
  });

  it("a bidder sees their own maxima and bids, nobody else's", () => {
    const anna = publicLotView(stateOf(events()), 'anna')!;
    expect(anna.viewer).toEqual({
      viewerId: 'anna',
      isSeller: false,
      maximum: 211_900,
      leading: true,
      minimumBid: 211_901,
      bids: [
        { bidNo: 1, maximum: 187_300, placedAt: expect.any(String), status: 'active' },
        { bidNo: 3, maximum: 211_900, placedAt: expect.any(String), status: 'active' },
      ],
    });
    expect(JSON.stringify(anna)).not.toContain('143700');
    expect(JSON.stringify(anna)).not.toContain('250300');
    const boris = publicLotView(stateOf(events()), 'boris')!;
    expect(boris.viewer).toMatchObject({ maximum: 143_700, leading: false, minimumBid: 153_700 });
    for (const s of ['187300', '211900', '250300']) expect(JSON.stringify(boris)).not.toContain(s);
    expect(bidderView(stateOf(events()), 'carl')).toMatchObject({ maximum: null, leading: false, bids: [] });
  });

  it('the seller sees the reserve but no maximum, and may not bid', () => {
    const seller = publicLotView(stateOf(events()), 'seller')!;
    expect(seller.reservePrice).toBe(250_300);
    expect(seller.viewer).toMatchObject({ isSeller: true, minimumBid: null, maximum: null });
    for (const s of ['187300', '211900', '143700']) expect(JSON.stringify(seller)).not.toContain(s);
  });

  it('an admin sees the reserve but no maximum', () => {
    const admin = publicLotView(stateOf(events()), ADMIN)!;
    expect(admin.reservePrice).toBe(250_300);
    for (const s of ['187300', '211900', '143700']) expect(JSON.stringify(admin)).not.toContain(s);
  });

  it('once closed every maximum is revealed, with its status', () => {
    const closed = history(events(), [[{ type: 'RetractBid', lotId: 'L1', bidderId: 'boris', bidNo: 2 }, 4], [{ type: 'CloseLot', lotId: 'L1' }, DAY]]);
    const view = publicLotView(stateOf(closed), 'carl')!;
    expect(view).toMatchObject({ status: 'closed', outcome: 'not_sold', closeReason: 'reserve_not_met', minimumBid: null });
    expect(view.revealedBids).toEqual([
      { bidNo: 1, bidderId: 'anna', maximum: 187_300, placedAt: expect.any(String), status: 'active' },
      { bidNo: 2, bidderId: 'boris', maximum: 143_700, placedAt: expect.any(String), status: 'retracted' },
      { bidNo: 3, bidderId: 'anna', maximum: 211_900, placedAt: expect.any(String), status: 'active' },
    ]);
  });

  it('nothing to see before the lot exists', () => {
    expect(publicLotView({ status: 'none' }, 'anna')).toBeNull();
    expect(bidderView({ status: 'none' }, 'anna')).toBeNull();
  });
});
