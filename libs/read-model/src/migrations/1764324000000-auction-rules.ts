import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read side of proxy bidding, reserve, buy-now, soft close, retraction,
 * cancel and relist, plus the notifications outbox.
 *
 * The old projection skipped every event type it did not know, so its rows
 * cannot be patched into the new shape: the auction read model is emptied and
 * its checkpoint reset, and the projector replays the log (the events are the
 * truth; this is what `projections:rebuild` would do).
 *
 * Privacy: `maxima` (a bidder's hidden maximum) and `reserves` (the hidden
 * reserve) are private tables; public queries never select from them except
 * through the viewer's own rows.
 *
 * `notify` is deliberately outside the `auction` schema: a rebuild replaces
 * the auction schema wholesale, and the delivery flags and mute settings must
 * survive it (a rebuilt notification gets the same id, so it stays delivered).
 */
export class AuctionRules1764324000000 implements MigrationInterface {
  name = 'AuctionRules1764324000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE auction.lots, auction.bids`);
    await q.query(`UPDATE auction.checkpoint SET commit_position = 0, prepare_position = 0, updated_at = now()`);
    await q.query(`ALTER TABLE auction.lots
      ADD COLUMN minimum_bid bigint,
      ADD COLUMN increment_tiers jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN extensions integer NOT NULL DEFAULT 0,
      ADD COLUMN max_extensions integer NOT NULL DEFAULT 0,
      ADD COLUMN has_reserve boolean NOT NULL DEFAULT false,
      ADD COLUMN reserve_met boolean,
      ADD COLUMN buy_now_price bigint,
      ADD COLUMN buy_now_available boolean NOT NULL DEFAULT false,
      ADD COLUMN close_reason text,
      ADD COLUMN round integer NOT NULL DEFAULT 1,
      ADD COLUMN next_bid_no integer NOT NULL DEFAULT 1,
      ADD COLUMN delegates jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN opened_by text,
      ADD COLUMN cancelled_at timestamptz,
      ADD COLUMN cancel_reason text`);
    await q.query(`CREATE INDEX lots_seller ON auction.lots (seller_id)`);
    await q.query(`ALTER TABLE auction.bids
      ADD COLUMN bid_no integer,
      ADD COLUMN by_proxy boolean NOT NULL DEFAULT false,
      ADD COLUMN status text NOT NULL DEFAULT 'active',
      ADD COLUMN round integer NOT NULL DEFAULT 1`);
    await q.query(`CREATE INDEX bids_lot_bid_no ON auction.bids (lot_id, bid_no)`);
    await q.query(`CREATE TABLE auction.maxima (
      lot_id text NOT NULL,
      bid_no integer NOT NULL,
      bidder_id text NOT NULL,
      maximum bigint NOT NULL,
      placed_at timestamptz NOT NULL,
      outcome text NOT NULL,
      status text NOT NULL DEFAULT 'active',
      round integer NOT NULL,
      PRIMARY KEY (lot_id, bid_no)
    )`);
    await q.query(`CREATE INDEX maxima_bidder ON auction.maxima (bidder_id, lot_id)`);
    await q.query(`CREATE INDEX maxima_lot_bidder ON auction.maxima (lot_id, bidder_id)`);
    await q.query(`CREATE TABLE auction.reserves (
      lot_id text PRIMARY KEY,
      reserve_price bigint,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE auction.notifications (
      id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      recipient_id text NOT NULL,
      kind text NOT NULL,
      category text NOT NULL,
      lot_id text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      UNIQUE (event_id, recipient_id)
    )`);
    await q.query(`CREATE INDEX notifications_recipient ON auction.notifications (recipient_id, created_at, id)`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS notify`);
    await q.query(`CREATE TABLE notify.deliveries (
      notification_id uuid PRIMARY KEY,
      recipient_id text NOT NULL,
      delivered_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE notify.settings (
      employee_id text PRIMARY KEY,
      muted text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA notify CASCADE`);
    await q.query(`DROP TABLE auction.notifications, auction.reserves, auction.maxima`);
    await q.query(`DROP INDEX auction.bids_lot_bid_no`);
    await q.query(`ALTER TABLE auction.bids DROP COLUMN bid_no, DROP COLUMN by_proxy, DROP COLUMN status, DROP COLUMN round`);
    await q.query(`DROP INDEX auction.lots_seller`);
    await q.query(`ALTER TABLE auction.lots
      DROP COLUMN minimum_bid, DROP COLUMN increment_tiers, DROP COLUMN extensions, DROP COLUMN max_extensions,
      DROP COLUMN has_reserve, DROP COLUMN reserve_met, DROP COLUMN buy_now_price, DROP COLUMN buy_now_available,
      DROP COLUMN close_reason, DROP COLUMN round, DROP COLUMN next_bid_no, DROP COLUMN delegates, DROP COLUMN opened_by,
      DROP COLUMN cancelled_at, DROP COLUMN cancel_reason`);
  }
}
