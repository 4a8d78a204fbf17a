import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events a projection could not apply (schema `projector_ops`, written by the
 * projector, decided on by admins through the API; not a projection). A row
 * is `parked` (the projection moved on without it), `blocking` (a projection
 * configured to stop waits on it), `retry` (an admin asked to apply it again)
 * or `skipped` (an admin let it go; kept as a record).
 */
export class ParkedEvents1767600000000 implements MigrationInterface {
  name = 'ParkedEvents1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS projector_ops`);
    await q.query(`CREATE TABLE projector_ops.parked_events (
      projection text NOT NULL,
      event_id text NOT NULL,
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      event_type text NOT NULL,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      error text NOT NULL,
      failures integer NOT NULL DEFAULT 1,
      state text NOT NULL CHECK (state IN ('parked', 'blocking', 'retry', 'skipped')),
      parked_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      decided_by text,
      PRIMARY KEY (projection, event_id)
    )`);
    await q.query(`CREATE INDEX parked_events_open ON projector_ops.parked_events (projection, state) WHERE state <> 'skipped'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA projector_ops CASCADE`);
  }
}
