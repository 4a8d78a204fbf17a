import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notice's id is derived from (event id, recipient) (notificationId), so its primary key already makes the pair
 * unique: the second unique index was one more index write per notice, on the hot lot's costliest insert.
 */
export class AuctionNotificationsOneKey1767950000000 implements MigrationInterface {
  name = 'AuctionNotificationsOneKey1767950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.notifications DROP CONSTRAINT IF EXISTS notifications_event_id_recipient_id_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auction.notifications ADD CONSTRAINT notifications_event_id_recipient_id_key UNIQUE (event_id, recipient_id)`);
  }
}
