import type { LotDetailView, LotListView, LotSummaryView } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { AUCTION_CALLBACK, buyNowConfirmView, lotCardView, lotListView, lotRef, parseAmount } from './auction.views';

const NOW = new Date('2026-12-01T10:00:00Z');
const LONG_ID = `L${'x'.repeat(63)}`; // the longest lot id the API accepts (64)

function lot(lotId: string, extra: Partial<LotDetailView> = {}): LotDetailView {
  const summary: LotSummaryView = {
    lotId,
    kind: 'own_lot',
    title: 'Очень длинное название лота, которое не влезет в шестьдесят четыре байта ни за что',
    sellerId: 'e-seller',
    status: 'open',
    currency: 'RUB',
    startingPrice: 100_000,
    currentPrice: 9_999_999_999,
    minimumBid: 10_000_000_000,
    leaderId: 'e-x',
    leaderAlias: 'Bidder #1',
    bidCount: 3,
    closesAt: '2026-12-02T10:00:00Z',
    extensions: 0,
    reserve: 'none',
    buyNowPrice: 9_000_000_000,
    closeReason: null,
    round: 1,
  };
  return {
    ...summary,
    description: '',
    minIncrement: 0,
    details: {} as never,
    openedAt: '2026-11-30T10:00:00Z',
    closedAt: null,
    outcome: null,
    winnerId: null,
    finalPrice: null,
    maxExtensions: 0,
    reservePrice: null,
    viewer: null,
    revealedMaxima: null,
    bids: [],
    ...extra,
  };
}

const allData = (k: InlineKeyboardMarkup) => k.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));

describe('auction keyboards', () => {
  it('every button of every screen has callback data of at most 64 bytes that the router understands, also with the longest ids and amounts', () => {
    const list: LotListView = { items: Array.from({ length: 5 }, (_, i) => lot(`${LONG_ID.slice(0, 60)}${i}`)), total: 1000, limit: 5, offset: 995 };
    const keyboards = [
      lotListView('ru', list, { kind: 'parking_spot', soon: true, mine: 'bids' }, NOW).keyboard,
      lotListView('en', { ...list, offset: 5 }, {}, NOW).keyboard,
      lotCardView('ru', lot(LONG_ID), NOW).keyboard,
      lotCardView('en', lot('short-id'), NOW).keyboard,
      buyNowConfirmView('ru', lot(LONG_ID)),
    ].map((k) => ('keyboard' in k ? k.keyboard : k));
    const data = keyboards.flatMap(allData);
    expect(data.length).toBeGreaterThan(15);
    for (const d of data) {
      expect(Buffer.byteLength(d!, 'utf8')).toBeLessThanOrEqual(64);
      expect(d).toMatch(AUCTION_CALLBACK);
    }
    expect(allData(lotCardView('en', lot(LONG_ID), NOW).keyboard)).toContain('a:b:~:10000000000'); // long id: from the message state
    expect(allData(lotCardView('en', lot('short-id'), NOW).keyboard)).toContain('a:b:short-id:10000000000');
  });

  it('refers to a lot by id up to 48 characters, else by the message state', () => {
    expect(lotRef('x'.repeat(48))).toBe('x'.repeat(48));
    expect(lotRef('x'.repeat(49))).toBe('~');
  });

  it('hides bid buttons from the seller and on closed lots', () => {
    const sellerView = lotCardView('en', lot('a', { viewer: { employeeId: 'e-seller', isSeller: true, leading: false, maximum: null, maxima: [] } }), NOW);
    expect(allData(sellerView.keyboard).filter((d) => /^a:[bmn]:/.test(d!))).toEqual([]);
    const closed = lotCardView('en', lot('a', { status: 'closed', minimumBid: null }), NOW);
    expect(allData(closed.keyboard)).toEqual(['a:c:a', 'a:l']);
  });

  it('offers only actions that can succeed, by the decider rules: no "Bid" for a leader above the minimum, no buy-now when gone, nothing once closing time passed', () => {
    const bidding = (l: LotDetailView) => allData(lotCardView('en', l, NOW).keyboard).filter((d) => /^a:[bmn]:/.test(d!));
    const leader = (maximum: number) => ({ employeeId: 'e-anna', isSeller: false, leading: true, maximum, maxima: [] });
    // the leader's maximum already covers the minimum bid: a bid there is always refused (already leading); raising the maximum is not
    expect(bidding(lot('a', { minimumBid: 5_000, viewer: leader(8_000) }))).toEqual(['a:m:a', 'a:n:a']);
    expect(bidding(lot('a', { minimumBid: 8_000, viewer: leader(8_000) }))).toEqual(['a:m:a', 'a:n:a']);
    // outbid (not leading): the bid is offered again
    expect(bidding(lot('a', { minimumBid: 5_000, viewer: { ...leader(4_000), leading: false } }))).toEqual(['a:b:a:5000', 'a:m:a', 'a:n:a']);
    expect(bidding(lot('a', { minimumBid: 5_000, buyNowPrice: null }))).toEqual(['a:b:a:5000', 'a:m:a']);
    expect(bidding(lot('a', { closesAt: new Date(NOW.getTime() - 1000).toISOString() }))).toEqual([]);
  });

  it('escapes lot titles in HTML', () => {
    expect(lotCardView('en', lot('a', { title: '<b>Bike</b> & co' }), NOW).text).toContain('&lt;b&gt;Bike&lt;/b&gt; &amp; co');
  });
});

describe('parseAmount', () => {
  it.each([
    ['8250', 825_000],
    ['8 250', 825_000],
    ['8\u00a0250,50', 825_050],
    ['8,250.00', 825_000],
    ['8.250', 825_000],
    ['12.5', 1_250],
    ['1500 ₽', 150_000],
    ['1500 руб.', 150_000],
    ['RUB 1,500', 150_000],
  ])('%s → %d minor units', (text, minor) => expect(parseAmount(text)).toBe(minor));
  it.each(['', 'abc', '-5', '0', '1e5', '12 apples', '1234567890123'])('%s is not an amount', (text) => expect(parseAmount(text)).toBeNull());
});
