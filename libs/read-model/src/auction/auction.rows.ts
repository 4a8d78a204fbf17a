import type { IncrementTier, LotCloseReason, LotDetails, LotKind, MaximumOutcome, NotificationCategory, NotificationKind } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The auction read model (schema `auction`, rebuilt by `projections:rebuild
 * -- auction`). Property types are what pg hands back for each column, so a
 * raw `SELECT *` and the projector's fold share these types: bigint as text
 * (exact), timestamptz as Date, jsonb parsed. Money is in minor units.
 */

export type LotStatus = 'open' | 'closed' | 'cancelled';
export type BidStatus = 'active' | 'retracted' | 'voided';

/** One lot, folded from its auction stream. */
@Entity({ schema: 'auction', name: 'lots' })
@Index('lots_status_closes_at', ['status', 'closes_at'])
@Index('lots_seller', ['seller_id'])
export class LotRow {
  @PrimaryColumn({ type: 'text' }) lot_id: string;
  @Column({ type: 'text' }) kind: LotKind;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text' }) seller_id: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'bigint' }) starting_price: string;
  @Column({ type: 'bigint' }) min_increment: string;
  @Column({ type: 'bigint', nullable: true }) current_price: string | null;
  @Column({ type: 'text', nullable: true }) leader_id: string | null;
  @Column({ type: 'integer', default: 0 }) bid_count: number;
  @Column({ type: 'text' }) status: LotStatus;
  @Column({ type: 'timestamptz' }) opened_at: Date;
  @Column({ type: 'timestamptz' }) closes_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) closed_at: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: 'sold' | 'not_sold' | null;
  @Column({ type: 'text', nullable: true }) winner_id: string | null;
  @Column({ type: 'bigint', nullable: true }) final_price: string | null;
  @Column({ type: 'jsonb', default: {} }) details: LotDetails;
  /** Last stream revision applied: an event at or below it is skipped, so applying it twice changes nothing. */
  @Column({ type: 'bigint' }) revision: string;
  /** The domain's minimum next bid (tiered increments); null unless open. */
  @Column({ type: 'bigint', nullable: true }) minimum_bid: string | null;
  @Column({ type: 'jsonb', default: [] }) increment_tiers: IncrementTier[];
  @Column({ type: 'integer', default: 0 }) extensions: number;
  @Column({ type: 'integer', default: 0 }) max_extensions: number;
  @Column({ type: 'boolean', default: false }) has_reserve: boolean;
  /** null without a reserve. The amount is in the private `reserves` table. */
  @Column({ type: 'boolean', nullable: true }) reserve_met: boolean | null;
  @Column({ type: 'bigint', nullable: true }) buy_now_price: string | null;
  @Column({ type: 'boolean', default: false }) buy_now_available: boolean;
  @Column({ type: 'text', nullable: true }) close_reason: LotCloseReason | null;
  /** 1, then 2 after the first relist, ... */
  @Column({ type: 'integer', default: 1 }) round: number;
  /** The number the next bid of the stream gets (bid numbers are never reused, also across relists). */
  @Column({ type: 'integer', default: 1 }) next_bid_no: number;
  @Column({ type: 'jsonb', default: [] }) delegates: string[];
  @Column({ type: 'text', nullable: true }) opened_by: string | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelled_at: Date | null;
  @Column({ type: 'text', nullable: true }) cancel_reason: string | null;
}

/** One visible price change (BidPlaced), keyed by its event id. */
@Entity({ schema: 'auction', name: 'bids' })
@Index('bids_lot_revision', ['lot_id', 'revision'])
@Index('bids_bidder', ['bidder_id'])
@Index('bids_lot_bid_no', ['lot_id', 'bid_no'])
export class BidRow {
  @PrimaryColumn({ type: 'uuid' }) event_id: string;
  @Column({ type: 'text' }) lot_id: string;
  @Column({ type: 'text' }) bidder_id: string;
  @Column({ type: 'bigint' }) amount: string;
  @Column({ type: 'timestamptz' }) placed_at: Date;
  @Column({ type: 'bigint' }) revision: string;
  /** The maximum this price follows. */
  @Column({ type: 'integer', nullable: true }) bid_no: number | null;
  @Column({ type: 'boolean', default: false }) by_proxy: boolean;
  /** retracted or voided: the maximum it followed was withdrawn. */
  @Column({ type: 'text', default: 'active' }) status: BidStatus;
  @Column({ type: 'integer', default: 1 }) round: number;
}

/**
 * PRIVATE: every maximum a bidder submitted (MaximumSet). Only its owner may
 * see it while the lot is open; everyone once the lot is closed. Never join
 * it into a public view.
 */
@Entity({ schema: 'auction', name: 'maxima' })
@Index('maxima_bidder', ['bidder_id', 'lot_id'])
@Index('maxima_lot_bidder', ['lot_id', 'bidder_id'])
export class MaximumRow {
  @PrimaryColumn({ type: 'text' }) lot_id: string;
  @PrimaryColumn({ type: 'integer' }) bid_no: number;
  @Column({ type: 'text' }) bidder_id: string;
  @Column({ type: 'bigint' }) maximum: string;
  @Column({ type: 'timestamptz' }) placed_at: Date;
  @Column({ type: 'text' }) outcome: MaximumOutcome;
  @Column({ type: 'text', default: 'active' }) status: BidStatus;
  @Column({ type: 'integer' }) round: number;
}

/** PRIVATE: the hidden reserve of a lot (seller and admins only). */
@Entity({ schema: 'auction', name: 'reserves' })
export class ReserveRow {
  @PrimaryColumn({ type: 'text' }) lot_id: string;
  @Column({ type: 'bigint', nullable: true }) reserve_price: string | null;
  @Column({ type: 'bigint' }) revision: string;
}

/**
 * The notifications outbox the bot delivers from: one row per (event,
 * recipient), its id derived from both, so a rebuild recreates the same ids
 * and the primary key keeps the pair unique (delivery flags live outside this
 * schema, in `notify`).
 */
@Entity({ schema: 'auction', name: 'notifications' })
@Index('notifications_recipient', ['recipient_id', 'created_at', 'id'])
export class AuctionNotificationRow {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'uuid' }) event_id: string;
  @Column({ type: 'text' }) recipient_id: string;
  @Column({ type: 'text' }) kind: NotificationKind;
  @Column({ type: 'text' }) category: NotificationCategory;
  @Column({ type: 'text' }) lot_id: string;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) created_at: Date;
}
