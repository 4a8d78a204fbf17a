import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seating read model (schema `seating`, rebuilt wholesale by
 * `projections:rebuild seating`): floor plans, desks with their assignments,
 * hot-desk bookings per day.
 */
export class SeatingReadModel1767800000000 implements MigrationInterface {
  name = 'SeatingReadModel1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS seating`);
    await q.query(`CREATE TABLE seating.plans (
      office_id text NOT NULL,
      floor integer NOT NULL,
      name text NOT NULL,
      version integer NOT NULL,
      svg text NOT NULL,
      shapes jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      revision bigint NOT NULL,
      PRIMARY KEY (office_id, floor)
    )`);
    await q.query(`CREATE TABLE seating.desks (
      office_id text NOT NULL,
      floor integer NOT NULL,
      desk_id text NOT NULL,
      label text NOT NULL,
      kind text NOT NULL,
      x double precision NOT NULL,
      y double precision NOT NULL,
      node_id text,
      assignee_id text,
      on_plan boolean NOT NULL,
      revision bigint NOT NULL,
      PRIMARY KEY (office_id, floor, desk_id)
    )`);
    await q.query(`CREATE INDEX desks_assignee ON seating.desks (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE TABLE seating.desk_bookings (
      booking_id text PRIMARY KEY,
      office_id text NOT NULL,
      floor integer NOT NULL,
      desk_id text NOT NULL,
      date text NOT NULL,
      employee_id text NOT NULL,
      status text NOT NULL,
      booked_by text NOT NULL,
      booked_at timestamptz NOT NULL,
      cancelled_at timestamptz,
      stream_revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX desk_bookings_employee ON seating.desk_bookings (employee_id, date)`);
    await q.query(`CREATE INDEX desk_bookings_floor ON seating.desk_bookings (office_id, floor, date)`);
    await q.query(`CREATE TABLE seating.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO seating.checkpoint (projection, commit_position, prepare_position) VALUES ('seating', 0, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA seating CASCADE`);
  }
}
