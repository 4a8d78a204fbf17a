import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One visible price change (BidPlaced), keyed by its event id so a replay cannot insert it twice. */
@Entity({ schema: 'auction', name: 'bids' })
@Index('bids_lot_revision', ['lotId', 'revision'])
@Index('bids_bidder', ['bidderId'])
@Index('bids_lot_bid_no', ['lotId', 'bidNo'])
export class BidEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'lot_id', type: 'text' }) lotId: string;
  @Column({ name: 'bidder_id', type: 'text' }) bidderId: string;
  @Column({ type: 'bigint' }) amount: string;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt: Date;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'bid_no', type: 'integer', nullable: true }) bidNo: number | null;
  @Column({ name: 'by_proxy', type: 'boolean' }) byProxy: boolean;
  /** active, retracted or voided (the maximum it followed was withdrawn). */
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'integer' }) round: number;
}
