import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a projection has got to in the global log. Each projection schema has
 * its own checkpoint table, so a rebuilt schema swaps in with its checkpoint.
 */
@Entity({ schema: 'auction', name: 'checkpoint' })
export class AuctionCheckpointEntity {
  @PrimaryColumn({ type: 'text' }) projection: string;
  @Column({ name: 'commit_position', type: 'bigint' }) commitPosition: string;
  @Column({ name: 'prepare_position', type: 'bigint' }) preparePosition: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
