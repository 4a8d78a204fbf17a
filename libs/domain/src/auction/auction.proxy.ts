import type { MaximumOutcome } from '@megabot/contracts';
import { incrementAt, type PricingTerms } from './auction.rules';

/**
 * Proxy bidding ("second price plus one increment"), one maximum at a time.
 *
 * The visible price is the lower of the leader's maximum and the runner-up's
 * maximum plus one increment (the increment of the runner-up's amount). With
 * equal maxima the earlier one (stream order) leads. A challenger beating the
 * leader's maximum by less than one increment still leads, at its own
 * maximum. A leader raising their own maximum changes nothing visible - except
 * that whenever the leader's maximum reaches the reserve, the price jumps to
 * the reserve (a lot is never sold below its reserve).
 */
export interface Book {
  leaderId: string | null;
  /** Private: the leader's maximum. */
  leaderMaximum: number | null;
  price: number | null;
}

export const EMPTY_BOOK: Book = Object.freeze({ leaderId: null, leaderMaximum: null, price: null });

export function reserveMet(book: Book, reservePrice: number | null): boolean {
  return reservePrice !== null && book.leaderMaximum !== null && book.leaderMaximum >= reservePrice;
}

/** The least maximum a bidder other than the leader must submit. */
export function minimumNextBid(book: Book, terms: PricingTerms): number {
  return book.price === null ? terms.startingPrice : book.price + incrementAt(book.price, terms);
}

/** Adds one maximum (already accepted) to the book. */
export function applyMaximum(book: Book, bidderId: string, maximum: number, terms: PricingTerms): { book: Book; outcome: MaximumOutcome } {
  let next: Book;
  let outcome: MaximumOutcome;
  if (book.leaderId === null || book.leaderMaximum === null || book.price === null) {
    next = { leaderId: bidderId, leaderMaximum: maximum, price: terms.startingPrice };
    outcome = 'leading';
  } else if (bidderId === book.leaderId) {
    next = { ...book, leaderMaximum: Math.max(book.leaderMaximum, maximum) };
    outcome = 'raised';
  } else {
    const leaderMax = book.leaderMaximum;
    if (maximum > leaderMax) {
      next = { leaderId: bidderId, leaderMaximum: maximum, price: Math.max(book.price, Math.min(maximum, leaderMax + incrementAt(leaderMax, terms))) };
      outcome = 'leading';
    } else if (maximum === leaderMax) {
      next = { ...book, price: Math.max(book.price, leaderMax) };
      outcome = 'outbid_by_earlier_equal_maximum';
    } else {
      next = { ...book, price: Math.max(book.price, Math.min(leaderMax, maximum + incrementAt(maximum, terms))) };
      outcome = 'outbid';
    }
  }
  if (terms.reservePrice !== null && next.leaderMaximum! >= terms.reservePrice && next.price! < terms.reservePrice) {
    next = { ...next, price: terms.reservePrice };
  }
  return { book: next, outcome };
}

/** The book rebuilt from maxima in stream order (after a retraction or a void). */
export function replayMaxima(entries: readonly { bidderId: string; maximum: number }[], terms: PricingTerms): Book {
  let book = EMPTY_BOOK;
  for (const e of entries) book = applyMaximum(book, e.bidderId, e.maximum, terms).book;
  return book;
}
