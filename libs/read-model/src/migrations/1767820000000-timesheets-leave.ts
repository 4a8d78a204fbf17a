import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Leave periods of employees (schema `timesheets`, projected from `leave-<employeeId>` streams): days nobody is reminded of. */
export class TimesheetsLeave1767820000000 implements MigrationInterface {
  name = 'TimesheetsLeave1767820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE timesheets.leaves (
      employee_id text NOT NULL,
      leave_id text NOT NULL,
      "from" text NOT NULL,
      "to" text NOT NULL,
      kind text NOT NULL,
      cancelled boolean NOT NULL,
      recorded_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL,
      PRIMARY KEY (employee_id, leave_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS timesheets.leaves`);
  }
}
