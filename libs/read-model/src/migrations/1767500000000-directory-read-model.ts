import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory read side (`directory`, rebuilt by `projections:rebuild --
 * directory`): employees as the directory shows them, with their privacy
 * flags and photo, and the position of the event that last changed each row
 * (the API's search index reloads by it).
 */
export class DirectoryReadModel1767500000000 implements MigrationInterface {
  name = 'DirectoryReadModel1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS directory`);
    await q.query(`CREATE TABLE directory.employees (
      employee_id text PRIMARY KEY,
      full_name text NOT NULL,
      email text NOT NULL,
      department text NOT NULL,
      position text NOT NULL,
      office text NOT NULL,
      manager_id text,
      projects text[] NOT NULL DEFAULT '{}',
      status text NOT NULL,
      telegram_user_id bigint,
      photo text,
      privacy jsonb NOT NULL,
      revision bigint NOT NULL,
      pos_commit bigint NOT NULL,
      pos_prepare bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX directory_employees_pos ON directory.employees (pos_commit, pos_prepare)`);
    await q.query(`CREATE INDEX directory_employees_manager ON directory.employees (manager_id)`);
    await q.query(`CREATE TABLE directory.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO directory.checkpoint (projection, commit_position, prepare_position) VALUES ('directory', 0, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS directory CASCADE`);
  }
}
