import type { RecordedEvent } from '@megabot/event-store';
import type { TableWriter } from '@megabot/read-model';

/**
 * A read model built from the global log. `apply` receives the events of one
 * batch that it handles, in order, folds them in memory and hands the rows
 * they changed to `tables`, inside the runner's transaction; `tables` writes
 * into the live schema, or into a fresh one during a rebuild.
 */
export interface Projection {
  readonly name: string;
  /** Live schema; holds the projection's tables and its checkpoint table. */
  readonly schema: string;
  handles(eventType: string): boolean;
  apply(events: RecordedEvent[], tables: TableWriter): Promise<void>;
  /**
   * What the runner does with an event this projection keeps failing on (see
   * ProjectionRunner): `park` (the default) records it with its error and moves
   * on; `stop` records it and waits, visibly, until an admin retries or skips it.
   */
  readonly onPoison?: 'park' | 'stop';
}
