import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The meeting-rooms read model (schema `rooms`, rebuilt wholesale by
 * `projections:rebuild rooms`): offices, rooms, bookings, series and their
 * per-occurrence attendance. Every row carries the revision of its stream
 * that it reflects; the projection skips events at or below it, so a
 * replayed batch changes nothing twice.
 *
 * `rooms_outbox` is deliberately outside the rebuilt schema: reminders and
 * notices for the bot, with the delivery mark in the same row. A rebuild
 * re-creates nothing there (ids are derived from what a row is about, and
 * inserts ignore conflicts), so nothing is sent twice.
 */
export class RoomsReadModel1765100000000 implements MigrationInterface {
  name = 'RoomsReadModel1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS rooms`);
    await q.query(`CREATE TABLE rooms.offices (
      office_id text PRIMARY KEY,
      name text NOT NULL,
      address text NOT NULL DEFAULT '',
      time_zone text NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE rooms.rooms (
      room_id text PRIMARY KEY,
      office_id text NOT NULL,
      name text NOT NULL,
      floor integer NOT NULL,
      capacity integer NOT NULL,
      equipment text[] NOT NULL DEFAULT '{}',
      time_zone text NOT NULL,
      privacy boolean NOT NULL,
      auto_release boolean NOT NULL,
      check_in_window_minutes integer NOT NULL,
      buffer_minutes integer NOT NULL,
      settings jsonb NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX rooms_office ON rooms.rooms (office_id, status, name)`);
    await q.query(`CREATE TABLE rooms.bookings (
      booking_id text PRIMARY KEY,
      room_id text NOT NULL,
      date text NOT NULL,
      title text NOT NULL,
      organizer_id text NOT NULL,
      attendees text[] NOT NULL DEFAULT '{}',
      private boolean NOT NULL,
      series_id text,
      start_local text NOT NULL,
      end_local text NOT NULL,
      start_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      status text NOT NULL,
      booked_by text NOT NULL,
      booked_at timestamptz NOT NULL,
      checked_in_by text,
      checked_in_at timestamptz,
      checked_in_via text,
      cancelled_at timestamptz,
      released_at timestamptz,
      ended_early_at timestamptz,
      stream_revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX bookings_room_date ON rooms.bookings (room_id, date)`);
    await q.query(`CREATE INDEX bookings_organizer ON rooms.bookings (organizer_id, start_at)`);
    await q.query(`CREATE INDEX bookings_attendees ON rooms.bookings USING gin (attendees)`);
    await q.query(`CREATE INDEX bookings_waiting ON rooms.bookings (start_at) WHERE status = 'booked'`);
    await q.query(`CREATE INDEX bookings_series ON rooms.bookings (series_id, date) WHERE series_id IS NOT NULL`);
    await q.query(`CREATE TABLE rooms.series (
      series_id text PRIMARY KEY,
      room_id text NOT NULL,
      organizer_id text NOT NULL,
      title text NOT NULL,
      rule jsonb NOT NULL,
      occurrences text[] NOT NULL,
      skipped jsonb NOT NULL DEFAULT '[]',
      unattended_limit integer NOT NULL,
      missed_in_a_row integer NOT NULL DEFAULT 0,
      flagged boolean NOT NULL DEFAULT false,
      status text NOT NULL,
      cancelled_from text,
      created_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE rooms.series_outcomes (
      series_id text NOT NULL,
      date text NOT NULL,
      outcome text NOT NULL,
      PRIMARY KEY (series_id, date)
    )`);
    await q.query(`CREATE TABLE rooms.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO rooms.checkpoint (projection, commit_position, prepare_position) VALUES ('rooms', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS rooms_outbox`);
    await q.query(`CREATE TABLE rooms_outbox.notifications (
      id uuid PRIMARY KEY,
      recipient_id text NOT NULL,
      kind text NOT NULL,
      booking_id text,
      series_id text,
      room_id text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      delivered_at timestamptz
    )`);
    await q.query(`CREATE INDEX notifications_pending ON rooms_outbox.notifications (recipient_id, created_at) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA rooms_outbox CASCADE`);
    await q.query(`DROP SCHEMA rooms CASCADE`);
  }
}
