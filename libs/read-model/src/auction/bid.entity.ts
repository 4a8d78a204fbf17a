import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One accepted bid, keyed by its event id so a replay cannot insert it twice. */
@Entity({ schema: 'auction', name: 'bids' })
@Index('bids_lot_revision', ['lotId', 'revision'])
@Index('bids_bidder', ['bidderId'])
export class BidEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'lot_id', type: 'text' }) lotId: string;
  @Column({ name: 'bidder_id', type: 'text' }) bidderId: string;
  @Column({ type: 'bigint' }) amount: string;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt: Date;
  @Column({ type: 'bigint' }) revision: string;
}
