import type { RecordedEvent } from '@megabot/event-store';

/** Runs SQL inside the projection's transaction. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * A read model built from the global log. `apply` receives the events of one
 * batch that it handles, in order, and writes them into `schema` (the live
 * schema, or a fresh one during a rebuild) inside the runner's transaction.
 */
export interface Projection {
  readonly name: string;
  /** Live schema; holds the projection's tables and its checkpoint table. */
  readonly schema: string;
  handles(eventType: string): boolean;
  apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void>;
}
