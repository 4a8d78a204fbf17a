import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** EventStoreDB when its URL is configured, else the Postgres store in the main database. */
export async function createEventStore(options: { eventStoreUrl?: string; databaseUrl: string; poolSize?: number }): Promise<EventStore> {
  if (options.eventStoreUrl) return new EventStoreDbEventStore(options.eventStoreUrl);
  return PostgresEventStore.create({ connectionString: options.databaseUrl, poolSize: options.poolSize });
}
