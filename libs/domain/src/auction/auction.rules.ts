import type { AuctionRules, IncrementTier, RetractionPolicy, SoftClosePolicy } from '@megabot/contracts';
import { AuctionErrors } from './auction.errors';

/** The role that may open company lots, void bids and cancel any lot. */

/** Sanity cap on any amount: 10 billion minor units (100,000,000.00) - the same as the API's MAX_AMOUNT. */
export const DEFAULT_MAX_AMOUNT = 10_000_000_000;

/**
 * Default minimum increments by visible price, in minor units (kopecks for RUB).
 * Each tier keeps the step between roughly 1% and 5% of the price (more below 200.00):
 *
 *   price from        increment         price from        increment
 *          0.00   ->      5.00             10,000.00  ->    500.00
 *        200.00   ->     10.00             20,000.00  ->  1,000.00
 *        500.00   ->     25.00             50,000.00  ->  2,500.00
 *      1,000.00   ->     50.00            100,000.00  ->  5,000.00
 *      2,000.00   ->    100.00            200,000.00  -> 10,000.00
 *      5,000.00   ->    250.00            500,000.00  -> 25,000.00
 *
 * The seller's own step (LotOpened.minIncrement) applies when larger.
 */
export const DEFAULT_INCREMENT_TIERS: readonly IncrementTier[] = Object.freeze(
  [
    [0, 500],
    [20_000, 1_000],
    [50_000, 2_500],
    [100_000, 5_000],
    [200_000, 10_000],
    [500_000, 25_000],
    [1_000_000, 50_000],
    [2_000_000, 100_000],
    [5_000_000, 250_000],
    [10_000_000, 500_000],
    [20_000_000, 1_000_000],
    [50_000_000, 2_500_000],
  ].map(([from, increment]) => Object.freeze({ from, increment })),
);

/** Default soft close: a price change in the last 5 minutes moves the close to bid time + 5 minutes, at most 10 times. */
export const DEFAULT_SOFT_CLOSE: SoftClosePolicy = Object.freeze({ windowMinutes: 5, extensionMinutes: 5, maxExtensions: 10 });

/** Default retraction: within 10 minutes of placing the bid, and not in the last 60 minutes before the close. */
export const DEFAULT_RETRACTION: RetractionPolicy = Object.freeze({ windowMinutes: 10, lockBeforeCloseMinutes: 60 });

/** The rules a new lot gets unless OpenLot overrides them; frozen into LotOpened. */
export const DEFAULT_AUCTION_RULES: AuctionRules = Object.freeze({
  incrementTiers: DEFAULT_INCREMENT_TIERS as IncrementTier[],
  softClose: DEFAULT_SOFT_CLOSE,
  retraction: DEFAULT_RETRACTION,
  maxAmount: DEFAULT_MAX_AMOUNT,
});

/** Per-lot overrides accepted by OpenLot (each part replaces the default as a whole or field by field). */
export interface AuctionRulesInput {
  incrementTiers?: IncrementTier[];
  softClose?: Partial<SoftClosePolicy>;
  retraction?: Partial<RetractionPolicy>;
  maxAmount?: number;
}

/** Defaults merged with overrides, validated; the result is what LotOpened freezes. */
export function resolveRules(input: AuctionRulesInput = {}, defaults: AuctionRules = DEFAULT_AUCTION_RULES): AuctionRules {
  const rules: AuctionRules = {
    incrementTiers: (input.incrementTiers ?? defaults.incrementTiers).map((t) => ({ from: t.from, increment: t.increment })),
    softClose: { ...defaults.softClose, ...input.softClose },
    retraction: { ...defaults.retraction, ...input.retraction },
    maxAmount: input.maxAmount ?? defaults.maxAmount,
  };
  validateRules(rules);
  return rules;
}

export function validateRules(rules: AuctionRules): void {
  const bad = (field: string, message: string) => AuctionErrors.invalidRules(field, message);
  const nonNegInt = (v: number) => Number.isSafeInteger(v) && v >= 0;
  if (!Number.isSafeInteger(rules.maxAmount) || rules.maxAmount < 1) throw bad('maxAmount', 'must be a positive integer');
  const tiers = rules.incrementTiers;
  if (tiers.length === 0) throw bad('incrementTiers', 'needs at least one tier');
  if (tiers[0].from !== 0) throw bad('incrementTiers', 'the first tier must start at 0');
  tiers.forEach((t, i) => {
    if (!nonNegInt(t.from) || !Number.isSafeInteger(t.increment) || t.increment < 1) {
      throw bad('incrementTiers', `tier ${i}: from must be an integer >= 0 and increment an integer >= 1`);
    }
    if (i > 0 && t.from <= tiers[i - 1].from) throw bad('incrementTiers', 'tiers must be sorted by strictly increasing "from"');
    if (i > 0 && t.increment < tiers[i - 1].increment) throw bad('incrementTiers', 'increments must not decrease with the price');
  });
  const s = rules.softClose;
  if (!nonNegInt(s.windowMinutes) || !nonNegInt(s.extensionMinutes) || !nonNegInt(s.maxExtensions)) {
    throw bad('softClose', 'windowMinutes, extensionMinutes and maxExtensions must be integers >= 0');
  }
  const r = rules.retraction;
  if (!nonNegInt(r.windowMinutes) || !nonNegInt(r.lockBeforeCloseMinutes)) {
    throw bad('retraction', 'windowMinutes and lockBeforeCloseMinutes must be integers >= 0');
  }
}

/** What the proxy engine needs to price a lot. */
export interface PricingTerms {
  startingPrice: number;
  /** The seller's own minimum step (0 = tiers only). */
  sellerStep: number;
  incrementTiers: readonly IncrementTier[];
  reservePrice: number | null;
}

/** The increment that applies above a visible price: max(tier of that price, seller's step). */
export function incrementAt(price: number, terms: Pick<PricingTerms, 'sellerStep' | 'incrementTiers'>): number {
  const tiers = terms.incrementTiers;
  let tier = tiers[0].increment;
  // Few tiers: a linear scan from the top beats a binary search in practice.
  for (let i = tiers.length - 1; i >= 0; i--) {
    if (price >= tiers[i].from) {
      tier = tiers[i].increment;
      break;
    }
  }
  return Math.max(tier, terms.sellerStep);
}

/** Minutes to milliseconds. */
export const minutesToMs = (m: number) => m * 60_000;
