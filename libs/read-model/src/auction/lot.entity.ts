import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Read model of one lot, projected from its auction stream. Money columns are bigint minor units. */
@Entity({ schema: 'auction', name: 'lots' })
@Index('lots_status_closes_at', ['status', 'closesAt'])
@Index('lots_seller', ['sellerId'])
export class LotEntity {
  @PrimaryColumn({ name: 'lot_id', type: 'text' }) lotId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'seller_id', type: 'text' }) sellerId: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ name: 'starting_price', type: 'bigint' }) startingPrice: string;
  @Column({ name: 'min_increment', type: 'bigint' }) minIncrement: string;
  @Column({ name: 'current_price', type: 'bigint', nullable: true }) currentPrice: string | null;
  @Column({ name: 'leader_id', type: 'text', nullable: true }) leaderId: string | null;
  @Column({ name: 'bid_count', type: 'integer' }) bidCount: number;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ name: 'winner_id', type: 'text', nullable: true }) winnerId: string | null;
  @Column({ name: 'final_price', type: 'bigint', nullable: true }) finalPrice: string | null;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  /** The domain's minimum next bid (tiered increments); null unless open. */
  @Column({ name: 'minimum_bid', type: 'bigint', nullable: true }) minimumBid: string | null;
  @Column({ name: 'increment_tiers', type: 'jsonb' }) incrementTiers: { from: number; increment: number }[];
  @Column({ type: 'integer' }) extensions: number;
  @Column({ name: 'max_extensions', type: 'integer' }) maxExtensions: number;
  @Column({ name: 'has_reserve', type: 'boolean' }) hasReserve: boolean;
  /** null without a reserve. The amount is in the private `reserves` table. */
  @Column({ name: 'reserve_met', type: 'boolean', nullable: true }) reserveMet: boolean | null;
  @Column({ name: 'buy_now_price', type: 'bigint', nullable: true }) buyNowPrice: string | null;
  @Column({ name: 'buy_now_available', type: 'boolean' }) buyNowAvailable: boolean;
  @Column({ name: 'close_reason', type: 'text', nullable: true }) closeReason: string | null;
  @Column({ type: 'integer' }) round: number;
  @Column({ name: 'next_bid_no', type: 'integer' }) nextBidNo: number;
  @Column({ type: 'jsonb' }) delegates: string[];
  @Column({ name: 'opened_by', type: 'text', nullable: true }) openedBy: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  /** Last stream revision applied: makes re-applying an event a no-op. */
  @Column({ type: 'bigint' }) revision: string;
}
