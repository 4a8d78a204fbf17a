import { AuctionProjection } from './auction/auction.projection';
import type { Projection } from './projection';

/** Every projection this app runs, by name (the name used by `projections:rebuild`). */
export function allProjections(): Projection[] {
  return [new AuctionProjection()];
}
