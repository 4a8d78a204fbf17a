import fc from 'fast-check';
import type { AuctionEvent, IncrementTier } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { auctionDecider, DEFAULT_INCREMENT_TIERS, maximumOf, submittedMaximum, type AuctionCommand, type AuctionState, type OpenLot } from './auction.decider';
import { ADMIN, at, bidderFacts, DAY, employee, iso } from './auction.fixtures';

/* ------------------------------------------------------------------------------------------
 * Reference model, written independently of the decider (no import of its pricing code):
 * second price plus one increment over the bidders' current maxima.
 *   leader  = the highest maximum; among equal maxima the one set first (stream order)
 *   price   = starting price with a single bidder, else
 *             min(anchor, runnerUp + increment(runnerUp))
 *             where runnerUp is the highest maximum of the other bidders and anchor is the
 *             leader's maximum as of the last time someone other than the leader bid (so a
 *             leader raising their own maximum moves nothing);
 *             and when the leader's maximum reaches the reserve, at least the reserve.
 *   increment(p) = max(increment of the last tier whose `from` <= p, seller's step)
 *   next minimum = starting price with no bid, else price + increment(price);
 *   the leader may only raise above their own maximum.
 * ---------------------------------------------------------------------------------------- */
interface Terms {
  startingPrice: number;
  sellerStep: number;
  tiers: IncrementTier[];
  reserve: number | null;
}

class Reference {
  private readonly maxima = new Map<string, { max: number; seq: number }>();
  private seq = 0;
  private anchor = 0;
  constructor(private readonly t: Terms) {}

  static of(t: Terms, entries: { bidderId: string; maximum: number }[]): Reference {
    const r = new Reference(t);
    for (const e of entries) r.add(e.bidderId, e.maximum);
    return r;
  }

  increment(p: number): number {
    let tier = this.t.tiers[0].increment;
    for (const x of this.t.tiers) if (x.from <= p) tier = x.increment;
    return Math.max(tier, this.t.sellerStep);
  }

  leader(): { id: string; max: number } | null {
    let best: { id: string; max: number; seq: number } | null = null;
    for (const [id, m] of this.maxima) {
      if (!best || m.max > best.max || (m.max === best.max && m.seq < best.seq)) best = { id, ...m };
    }
    return best && { id: best.id, max: best.max };
  }

  price(): number | null {
    const leader = this.leader();
    if (!leader) return null;
    const others = [...this.maxima].filter(([id]) => id !== leader.id).map(([, m]) => m.max);
    let p = others.length === 0 ? this.t.startingPrice : Math.min(this.anchor, Math.max(...others) + this.increment(Math.max(...others)));
    if (this.t.reserve !== null && leader.max >= this.t.reserve) p = Math.max(p, this.t.reserve);
    return p;
  }

  accepts(bidderId: string, amount: number): boolean {
    const leader = this.leader();
    if (leader && leader.id === bidderId) return amount > leader.max;
    const p = this.price();
    return amount >= (p === null ? this.t.startingPrice : p + this.increment(p));
  }

  add(bidderId: string, amount: number) {
    const before = this.leader();
    this.maxima.set(bidderId, { max: amount, seq: this.seq++ });
    if (!before || before.id !== bidderId) this.anchor = this.leader()!.max;
  }
}

/* ------------------------------------------------------------------ generators */

const BIDDERS = ['b0', 'b1', 'b2', 'b3', 'b4'];

const tiersArb: fc.Arbitrary<IncrementTier[]> = fc.oneof(
  fc.constant(DEFAULT_INCREMENT_TIERS.map((t) => ({ ...t }))),
  fc
    .record({
      first: fc.integer({ min: 1, max: 5_000 }),
      more: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 200_000 }), extra: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 3 }),
    })
    .map(({ first, more }) => {
      const tiers = [{ from: 0, increment: first }];
      for (const m of more) {
        const last = tiers[tiers.length - 1];
        tiers.push({ from: last.from + m.gap, increment: last.increment + m.extra });
      }
      return tiers;
    }),
);

const termsArb: fc.Arbitrary<Terms> = fc
  .record({
    startingPrice: fc.integer({ min: 1, max: 500_000 }),
    sellerStep: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30_000 })),
    tiers: tiersArb,
    reserveAbove: fc.option(fc.integer({ min: 1, max: 400_000 }), { nil: null }),
  })
  .map(({ reserveAbove, ...t }) => ({ ...t, reserve: reserveAbove === null ? null : t.startingPrice + reserveAbove }));

type Step =
  { kind: 'bid'; bidder: number; mode: 'minimum' | 'jump' | 'tie' | 'random'; delta: number } | { kind: 'retract' | 'void'; pick: number; byOwner: boolean };

const bidStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('bid' as const),
    bidder: fc.integer({ min: 0, max: 4 }),
    mode: fc.constant('minimum' as const),
    delta: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('bid' as const),
    bidder: fc.integer({ min: 0, max: 4 }),
    mode: fc.constant('jump' as const),
    delta: fc.integer({ min: 0, max: 300_000 }),
  }),
  fc.record({
    kind: fc.constant('bid' as const),
    bidder: fc.integer({ min: 0, max: 4 }),
    mode: fc.constant('tie' as const),
    delta: fc.integer({ min: -2, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('bid' as const),
    bidder: fc.integer({ min: 0, max: 4 }),
    mode: fc.constant('random' as const),
    delta: fc.integer({ min: 1, max: 2_000_000 }),
  }),
);
const withdrawStep: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('retract' as const, 'void' as const),
  pick: fc.nat(),
  byOwner: fc.boolean(),
});

/* --------------------------------------------------------------------- harness */

function openCommand(t: Terms): OpenLot {
  return {
    type: 'OpenLot',
    lotId: 'L1',
    kind: 'own_lot',
    title: 'P',
    description: '',
    sellerId: 'seller',
    openedBy: employee('seller'),
    startingPrice: t.startingPrice,
    minIncrement: t.sellerStep,
    reservePrice: t.reserve,
    closesAt: iso(10 * DAY),
    details: {},
    rules: { incrementTiers: t.tiers, retraction: { windowMinutes: 100 * DAY, lockBeforeCloseMinutes: 0 } },
  };
}

type Lot = Exclude<AuctionState, { status: 'none' }>;

/** The amount a step submits, derived from what the bidder can know (plus test-only knowledge of the leader's maximum for ties). */
function amountFor(step: Extract<Step, { kind: 'bid' }>, state: Lot, bidderId: string): number {
  const mine = bidderFacts(state, bidderId)!;
  switch (step.mode) {
    case 'minimum':
      return Math.max(1, (mine.minimumBid ?? 1) + step.delta);
    case 'jump':
      return (mine.minimumBid ?? 1) + step.delta;
    case 'tie':
      return Math.max(1, (state.leaderMaximum ?? state.startingPrice) + step.delta);
    case 'random':
      return step.delta;
  }
}

interface Trace {
  /** One entry per step. */
  steps: { step: Step; events: AuctionEvent[]; rejected: DomainError | null; before: Lot; after: Lot }[];
  final: Lot;
}

function run(terms: Terms, steps: Step[], check?: (s: Trace['steps'][number], entries: Entry[]) => void): Trace {
  let state = auctionDecider.decide(auctionDecider.initialState, openCommand(terms), at(0)).reduce(auctionDecider.evolve, auctionDecider.initialState) as Lot;
  const entries: Entry[] = [];
  const trace: Trace = { steps: [], final: state };
  steps.forEach((step, i) => {
    const minute = i + 1;
    let command: AuctionCommand;
    if (step.kind === 'bid') {
      const bidderId = BIDDERS[step.bidder];
      command = { type: 'PlaceBid', lotId: 'L1', bidderId, amount: amountFor(step, state, bidderId) };
    } else {
      const active = entries.filter((e) => !e.withdrawn);
      const target = active.length ? active[step.pick % active.length] : { bidNo: 1, bidderId: 'b0' };
      command =
        step.kind === 'retract'
          ? { type: 'RetractBid', lotId: 'L1', bidNo: target.bidNo, bidderId: step.byOwner ? target.bidderId : 'intruder' }
          : { type: 'VoidBid', lotId: 'L1', bidNo: target.bidNo, actor: step.byOwner ? ADMIN : employee('intruder'), reason: 'test' };
    }
    const before = state;
    let events: AuctionEvent[] = [];
    let rejected: DomainError | null = null;
    try {
      events = auctionDecider.decide(state, command, at(minute));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      rejected = e;
    }
    for (const e of events) {
      state = auctionDecider.evolve(state, e) as Lot;
      const m = submittedMaximum(e);
      if (m) entries.push({ bidNo: m.bidNo, bidderId: m.bidderId, maximum: m.maximum, withdrawn: false });
      if (e.type === 'BidRetracted' || e.type === 'BidVoided') entries.find((x) => x.bidNo === e.data.bidNo)!.withdrawn = true;
    }
    const s = { step, events, rejected, before, after: state };
    trace.steps.push(s);
    check?.(s, entries);
  });
  trace.final = state;
  return trace;
}
interface Entry {
  bidNo: number;
  bidderId: string;
  maximum: number;
  withdrawn: boolean;
}

/* ----------------------------------------------------------------------- properties */

const RUNS = { numRuns: 300 };

describe('auction properties (fast-check)', () => {
  it('for random bid sequences, acceptance, final price and leader equal the reference second-price model', () =>
    fc.assert(
      fc.property(termsArb, fc.array(bidStep, { minLength: 1, maxLength: 40 }), (terms, steps) => {
        const ref = new Reference(terms);
        const trace = run(terms, steps);
        for (const s of trace.steps) {
          const cmdBidder = s.events.map(submittedMaximum).find((m) => m !== null);
          if (s.rejected) {
            // rejected: the reference must reject the same submission (recomputed from the state before)
            const step = s.step as Extract<Step, { kind: 'bid' }>;
            const bidderId = BIDDERS[step.bidder];
            expect(ref.accepts(bidderId, amountFor(step, s.before, bidderId))).toBe(false);
          } else {
            expect(ref.accepts(cmdBidder!.bidderId, cmdBidder!.maximum)).toBe(true);
            ref.add(cmdBidder!.bidderId, cmdBidder!.maximum);
          }
          expect({ price: s.after.currentPrice, leader: s.after.leaderId }).toEqual({ price: ref.price(), leader: ref.leader()?.id ?? null });
        }
        expect(trace.final.reserveMet).toBe(terms.reserve !== null && (ref.leader()?.max ?? -1) >= terms.reserve);
      }),
      RUNS,
    ));

  it('the visible price never decreases except through retraction or void, and never exceeds the leader maximum', () =>
    fc.assert(
      fc.property(
        termsArb,
        fc.array(fc.oneof({ weight: 4, arbitrary: bidStep }, { weight: 1, arbitrary: withdrawStep }), { minLength: 1, maxLength: 40 }),
        (terms, steps) => {
          run(terms, steps, (s) => {
            const before = s.before.currentPrice ?? 0;
            const after = s.after.currentPrice ?? 0;
            if (after < before) expect(s.events.some((e) => e.type === 'BidRetracted' || e.type === 'BidVoided')).toBe(true);
            if (s.step.kind === 'bid') expect(after).toBeGreaterThanOrEqual(before);
            if (s.after.leaderId !== null) {
              const leaderMax = maximumOf(s.after, s.after.leaderId)!;
              expect(s.after.currentPrice!).toBeLessThanOrEqual(leaderMax);
              expect(s.after.leaderMaximum).toBe(leaderMax);
            }
            // every visible price change is a BidPlaced with a strictly higher amount (a plain bid history stays increasing)
            for (const e of s.events) if (e.type === 'BidPlaced') expect(e.data.amount).toBeGreaterThan(before);
          });
        },
      ),
      RUNS,
    ));

  it('after retractions and voids, price and leader equal the reference replayed over the remaining maxima in stream order', () =>
    fc.assert(
      fc.property(
        termsArb,
        fc.array(fc.oneof({ weight: 3, arbitrary: bidStep }, { weight: 1, arbitrary: withdrawStep }), { minLength: 1, maxLength: 40 }),
        (terms, steps) => {
          run(terms, steps, (s, entries) => {
            const ref = Reference.of(
              terms,
              entries.filter((e) => !e.withdrawn),
            );
            expect({ price: s.after.currentPrice, leader: s.after.leaderId }).toEqual({ price: ref.price(), leader: ref.leader()?.id ?? null });
          });
        },
      ),
      RUNS,
    ));
});
