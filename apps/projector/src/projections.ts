import type { DataSource } from 'typeorm';
import type { EventStore } from '@megabot/event-store';
import { AuctionProjection } from './auction/auction.projection';
import { AuctionClosingManager } from './auction/closing/auction-closing.manager';
import type { Projection } from './projection';

/** Every projection this app runs, by name (the name used by `projections:rebuild`). */
export function allProjections(): Projection[] {
  return [new AuctionProjection()];
}

/** A long-running reactor of the projector (deadlines, releases, offboarding): safe to run in every instance. */
export interface ProcessManager {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface ProcessManagerDeps {
  store: EventStore;
  ds: DataSource;
  log?: (message: string) => void;
}

/** Every process manager this app runs. */
export function allProcessManagers({ store, ds, log }: ProcessManagerDeps): ProcessManager[] {
  return [new AuctionClosingManager(store, ds, { log })];
}
