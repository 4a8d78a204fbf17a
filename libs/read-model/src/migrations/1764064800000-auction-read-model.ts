import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuctionReadModel1764064800000 implements MigrationInterface {
  name = 'AuctionReadModel1764064800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS auction`);
    await q.query(`CREATE TABLE auction.lots (
      lot_id text PRIMARY KEY,
      kind text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      seller_id text NOT NULL,
      currency text NOT NULL,
      starting_price bigint NOT NULL,
      min_increment bigint NOT NULL,
      current_price bigint,
      leader_id text,
      bid_count integer NOT NULL DEFAULT 0,
      status text NOT NULL,
      opened_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL,
      closed_at timestamptz,
      outcome text,
      winner_id text,
      final_price bigint,
      details jsonb NOT NULL DEFAULT '{}',
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX lots_status_closes_at ON auction.lots (status, closes_at)`);
    await q.query(`CREATE TABLE auction.bids (
      event_id uuid PRIMARY KEY,
      lot_id text NOT NULL,
      bidder_id text NOT NULL,
      amount bigint NOT NULL,
      placed_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX bids_lot_revision ON auction.bids (lot_id, revision)`);
    await q.query(`CREATE INDEX bids_bidder ON auction.bids (bidder_id)`);
    await q.query(`CREATE TABLE auction.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO auction.checkpoint (projection, commit_position, prepare_position) VALUES ('auction', 0, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA auction CASCADE`);
  }
}
