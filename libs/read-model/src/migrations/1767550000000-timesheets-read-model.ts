import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time-logging read model (schema `timesheets`, rebuilt wholesale by
 * `projections:rebuild timesheets`): entries (deleted ones flagged, so a
 * replay cannot resurrect them), projects and closed periods.
 *
 * `timesheets_outbox.reminders` is outside the rebuilt schema: one reminder
 * per employee and local day (the id is derived from both, inserts ignore
 * conflicts), whose delivery state is in `notify.deliveries` like every
 * feature's notices (feature `timesheets`).
 */
export class TimesheetsReadModel1767550000000 implements MigrationInterface {
  name = 'TimesheetsReadModel1767550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS timesheets`);
    await q.query(`CREATE TABLE timesheets.entries (
      employee_id text NOT NULL,
      entry_id text NOT NULL,
      period text NOT NULL,
      date text NOT NULL,
      project text NOT NULL,
      task text,
      minutes integer NOT NULL,
      comment text NOT NULL,
      deleted boolean NOT NULL,
      logged_by text NOT NULL,
      logged_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      stream_revision bigint NOT NULL,
      PRIMARY KEY (employee_id, entry_id)
    )`);
    await q.query(`CREATE INDEX entries_employee_date ON timesheets.entries (employee_id, date)`);
    await q.query(`CREATE INDEX entries_project_date ON timesheets.entries (project, date)`);
    await q.query(`CREATE TABLE timesheets.projects (
      code text PRIMARY KEY,
      name text NOT NULL,
      status text NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE timesheets.periods (
      period text PRIMARY KEY,
      status text NOT NULL,
      closed_by text,
      closed_at timestamptz,
      reopened integer NOT NULL,
      last_reason text,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE timesheets.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO timesheets.checkpoint (projection, commit_position, prepare_position) VALUES ('timesheets', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS timesheets_outbox`);
    await q.query(`CREATE TABLE timesheets_outbox.reminders (
      id uuid PRIMARY KEY,
      recipient_id text NOT NULL,
      date text NOT NULL,
      missing text[] NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (recipient_id, date)
    )`);
    await q.query(`CREATE INDEX reminders_created ON timesheets_outbox.reminders (created_at)`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(
      `ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity', 'auth', 'timesheets'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notify.deliveries WHERE feature = 'timesheets'`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(`ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity', 'auth'))`);
    await q.query(`DROP SCHEMA timesheets_outbox CASCADE`);
    await q.query(`DROP SCHEMA timesheets CASCADE`);
  }
}
