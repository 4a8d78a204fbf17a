import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The company read side (`company`, rebuilt by `projections:rebuild -- company`): useful links and production calendars. */
export class CompanyReadModel1767500000001 implements MigrationInterface {
  name = 'CompanyReadModel1767500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS company`);
    await q.query(`CREATE TABLE company.links (
      link_id text PRIMARY KEY,
      category text NOT NULL,
      title text NOT NULL,
      url text NOT NULL,
      description text NOT NULL,
      removed boolean NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE company.calendars (
      calendar_id text PRIMARY KEY,
      region text NOT NULL,
      year integer NOT NULL,
      source text NOT NULL,
      imported_at timestamptz NOT NULL,
      days jsonb NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE company.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO company.checkpoint (projection, commit_position, prepare_position) VALUES ('company', 0, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS company CASCADE`);
  }
}
