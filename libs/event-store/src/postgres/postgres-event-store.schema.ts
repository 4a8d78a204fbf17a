/**
 * DDL of the Postgres event store (idempotent). `transaction_id` is the
 * writer's transaction id: readers fence on it (see PostgresEventStore).
 */
export function eventStoreDdl(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.events (
  position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text NOT NULL,
  revision       bigint NOT NULL CHECK (revision >= 0),
  event_id       uuid NOT NULL,
  type           text NOT NULL,
  data           jsonb NOT NULL,
  metadata       jsonb NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT events_stream_event_id UNIQUE (stream_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_global_order ON ${schema}.events (transaction_id, position);
-- Subscribers are woken by a NOTIFY sent after the append commits (see PostgresEventStore.notify):
-- a NOTIFY inside the appending transaction would hold PostgreSQL's global notify lock through
-- the commit's WAL flush and serialize every append. Drop the trigger earlier versions created.
DROP TRIGGER IF EXISTS events_notify ON ${schema}.events;
DROP FUNCTION IF EXISTS ${schema}.notify_events();
`;
}
