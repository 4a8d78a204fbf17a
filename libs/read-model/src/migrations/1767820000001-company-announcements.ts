import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announcements: the published ones in the rebuilt `company` schema, and their delivery outside it
 * (`company_outbox`, which a rebuild keeps): one notice per recipient, its id derived from the announcement and the
 * employee (exactly once, however often the audience is expanded), made once per announcement by the projector's
 * announcements manager; delivery state in `notify.deliveries` (feature `company`) like every feature's notices.
 */
export class CompanyAnnouncements1767820000001 implements MigrationInterface {
  name = 'CompanyAnnouncements1767820000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE company.announcements (
      announcement_id text PRIMARY KEY,
      text text NOT NULL,
      audience jsonb NOT NULL,
      published_by text NOT NULL,
      published_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS company_outbox`);
    await q.query(`CREATE TABLE company_outbox.expanded_announcements (
      announcement_id text PRIMARY KEY,
      recipients integer NOT NULL,
      expanded_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE company_outbox.announcement_notices (
      id uuid PRIMARY KEY,
      announcement_id text NOT NULL,
      recipient_id text NOT NULL,
      muted boolean NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (announcement_id, recipient_id)
    )`);
    await q.query(`CREATE INDEX announcement_notices_created ON company_outbox.announcement_notices (created_at)`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(
      `ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity', 'auth', 'timesheets', 'company'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notify.deliveries WHERE feature = 'company'`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(
      `ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity', 'auth', 'timesheets'))`,
    );
    await q.query(`DROP SCHEMA IF EXISTS company_outbox CASCADE`);
    await q.query(`DROP TABLE IF EXISTS company.announcements`);
  }
}
