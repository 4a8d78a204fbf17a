import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Read model of one lot, projected from its auction stream. Money columns are bigint minor units. */
@Entity({ schema: 'auction', name: 'lots' })
@Index('lots_status_closes_at', ['status', 'closesAt'])
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
  /** Last stream revision applied: makes re-applying an event a no-op. */
  @Column({ type: 'bigint' }) revision: string;
}
