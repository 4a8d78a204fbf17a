import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Door displays of meeting rooms.
 *
 * Schema `displays` (rebuilt from the log by the `displays` projection):
 * registered displays (token hashes only), the room settings a door sign
 * needs, and one folded room-day per room and local date. Every row carries
 * the global position of the last event that changed it (pos_commit,
 * pos_prepare), so the API's in-memory cache reloads only what changed.
 *
 * Schema `displays_telemetry`: what devices report on each poll. It is not
 * derived from events (a write per poll would flood the log), so it lives
 * outside the rebuilt schema - a rebuild swaps `displays` wholesale and
 * would otherwise drop the devices' last-seen times.
 */
export class DisplaysReadModel1765200000000 implements MigrationInterface {
  name = 'DisplaysReadModel1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS displays`);
    await q.query(`CREATE TABLE displays.displays (
      display_id text PRIMARY KEY,
      room_id text NOT NULL,
      label text NOT NULL,
      lang text NOT NULL,
      status text NOT NULL,
      token_hash text NOT NULL,
      token_hint text NOT NULL,
      registered_at timestamptz NOT NULL,
      registered_by text NOT NULL,
      token_rotated_at timestamptz,
      retired_at timestamptz,
      revision bigint NOT NULL,
      pos_commit bigint NOT NULL,
      pos_prepare bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX displays_token_hash ON displays.displays (token_hash)`);
    await q.query(`CREATE INDEX displays_room ON displays.displays (room_id)`);
    await q.query(`CREATE INDEX displays_pos ON displays.displays (pos_commit, pos_prepare)`);
    await q.query(`CREATE TABLE displays.rooms (
      room_id text PRIMARY KEY,
      settings jsonb NOT NULL,
      retired boolean NOT NULL,
      version integer NOT NULL,
      revision bigint NOT NULL,
      pos_commit bigint NOT NULL,
      pos_prepare bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX rooms_pos ON displays.rooms (pos_commit, pos_prepare)`);
    await q.query(`CREATE TABLE displays.room_days (
      room_id text NOT NULL,
      date text NOT NULL,
      state jsonb NOT NULL,
      version integer NOT NULL,
      revision bigint NOT NULL,
      pos_commit bigint NOT NULL,
      pos_prepare bigint NOT NULL,
      PRIMARY KEY (room_id, date)
    )`);
    await q.query(`CREATE INDEX room_days_pos ON displays.room_days (pos_commit, pos_prepare)`);
    await q.query(`CREATE TABLE displays.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO displays.checkpoint (projection, commit_position, prepare_position) VALUES ('displays', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS displays_telemetry`);
    await q.query(`CREATE TABLE displays_telemetry.last_seen (
      display_id text PRIMARY KEY,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      firmware text,
      battery_mv integer,
      rssi integer,
      fails integer,
      last_status integer NOT NULL,
      last_etag text,
      next_refresh_sec integer NOT NULL,
      requests bigint NOT NULL,
      source_ip text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS displays_telemetry CASCADE`);
    await q.query(`DROP SCHEMA IF EXISTS displays CASCADE`);
  }
}
