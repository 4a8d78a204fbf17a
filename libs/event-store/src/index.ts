export * from './event-store.port';
export * from './event-ids';
export * from './postgres/postgres-event-store';
export * from './eventstoredb/eventstoredb-event-store';
export * from './create-event-store';
export * from './stream-command-processor';
export * from './fingerprint';
export * from './hash-chain';
