import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * PRIVATE: every maximum a bidder submitted (MaximumSet). Only its owner may
 * see it while the lot is open; everyone once the lot is closed. Never join
 * it into a public view.
 */
@Entity({ schema: 'auction', name: 'maxima' })
@Index('maxima_bidder', ['bidderId', 'lotId'])
@Index('maxima_lot_bidder', ['lotId', 'bidderId'])
export class MaximumEntity {
  @PrimaryColumn({ name: 'lot_id', type: 'text' }) lotId: string;
  @PrimaryColumn({ name: 'bid_no', type: 'integer' }) bidNo: number;
  @Column({ name: 'bidder_id', type: 'text' }) bidderId: string;
  @Column({ type: 'bigint' }) maximum: string;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt: Date;
  @Column({ type: 'text' }) outcome: string;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'integer' }) round: number;
}

/** PRIVATE: the hidden reserve of a lot (seller and admins only). */
@Entity({ schema: 'auction', name: 'reserves' })
export class ReserveEntity {
  @PrimaryColumn({ name: 'lot_id', type: 'text' }) lotId: string;
  @Column({ name: 'reserve_price', type: 'bigint', nullable: true }) reservePrice: string | null;
  @Column({ type: 'bigint' }) revision: string;
}

/** The notifications outbox, projected from auction events: one row per (event, recipient). */
@Entity({ schema: 'auction', name: 'notifications' })
@Index('notifications_recipient', ['recipientId', 'createdAt', 'id'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'recipient_id', type: 'text' }) recipientId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) category: string;
  @Column({ name: 'lot_id', type: 'text' }) lotId: string;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Delivery state of the notices of every feature (leases, confirmations), outside the rebuilt schemas so a rebuild never re-sends. */
@Entity({ schema: 'notify', name: 'deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' }) notificationId: string;
  @Column({ type: 'text' }) feature: string;
  @Column({ name: 'recipient_id', type: 'text' }) recipientId: string;
  @Column({ name: 'telegram_user_id', type: 'bigint', nullable: true }) telegramUserId: string | null;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true }) leasedUntil: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: 'delivered' | 'undeliverable' | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt: Date | null;
}

/** Per-employee muted notification categories (a preference, not an auction fact). */
@Entity({ schema: 'notify', name: 'settings' })
export class NotificationSettingsEntity {
  @PrimaryColumn({ name: 'employee_id', type: 'text' }) employeeId: string;
  @Column({ type: 'text', array: true }) muted: string[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
