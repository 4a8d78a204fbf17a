import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One delivery state for the notices of every feature (auction.notifications, rooms_outbox.notifications,
 * identity_ops.telegram_notices), outside the rebuilt schemas as before: a projection rebuild re-creates the same
 * notice ids, and their receipts here keep them from being sent again.
 *
 * A row appears when a bot instance claims the notice (`leased_until`: nobody else gets it meanwhile; `attempts`:
 * how many claims) and is settled by the bot's confirmation (`outcome` delivered or undeliverable, `confirmed_at`).
 * A lease that runs out unconfirmed makes the notice due again.
 *
 * The delivery marks of the rooms and identity outboxes (their `delivered_at` columns) are copied here; those
 * columns are no longer written.
 */
export class NotifyOneOutbox1766100000000 implements MigrationInterface {
  name = 'NotifyOneOutbox1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notify.deliveries RENAME COLUMN delivered_at TO confirmed_at`);
    await q.query(`ALTER TABLE notify.deliveries
      ADD COLUMN feature text NOT NULL DEFAULT 'auction' CHECK (feature IN ('auction', 'rooms', 'identity')),
      ADD COLUMN telegram_user_id bigint,
      ADD COLUMN attempts integer NOT NULL DEFAULT 1,
      ADD COLUMN leased_until timestamptz,
      ADD COLUMN outcome text CHECK (outcome IN ('delivered', 'undeliverable')),
      ADD COLUMN error text,
      ALTER COLUMN confirmed_at DROP NOT NULL,
      ALTER COLUMN confirmed_at DROP DEFAULT`);
    // every existing receipt is of an auction notification marked delivered (before it was sent, at most once)
    await q.query(`UPDATE notify.deliveries SET outcome = 'delivered'`);
    await q.query(`ALTER TABLE notify.deliveries ALTER COLUMN feature DROP DEFAULT, ALTER COLUMN attempts SET DEFAULT 0`);
    await q.query(`ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_settled CHECK ((outcome IS NULL) = (confirmed_at IS NULL))`);
    await q.query(`ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_leased CHECK (outcome IS NOT NULL OR leased_until IS NOT NULL)`);
    // the claim looks up the notices whose lease ran out unconfirmed
    await q.query(`CREATE INDEX deliveries_unsettled ON notify.deliveries (leased_until) WHERE outcome IS NULL`);
    await q.query(`INSERT INTO notify.deliveries (notification_id, feature, recipient_id, attempts, outcome, confirmed_at)
      SELECT id, 'rooms', recipient_id, 1, 'delivered', delivered_at FROM rooms_outbox.notifications WHERE delivered_at IS NOT NULL
      ON CONFLICT (notification_id) DO NOTHING`);
    await q.query(`INSERT INTO notify.deliveries (notification_id, feature, recipient_id, telegram_user_id, attempts, outcome, confirmed_at)
      SELECT event_id, 'identity', employee_id, telegram_user_id, 1, 'delivered', delivered_at FROM identity_ops.telegram_notices WHERE delivered_at IS NOT NULL
      ON CONFLICT (notification_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE rooms_outbox.notifications n SET delivered_at = d.confirmed_at FROM notify.deliveries d WHERE d.notification_id = n.id AND d.outcome IS NOT NULL`,
    );
    await q.query(
      `UPDATE identity_ops.telegram_notices n SET delivered_at = d.confirmed_at FROM notify.deliveries d WHERE d.notification_id = n.event_id AND d.outcome IS NOT NULL`,
    );
    await q.query(`DELETE FROM notify.deliveries WHERE feature <> 'auction' OR outcome IS NULL`);
    await q.query(`DROP INDEX notify.deliveries_unsettled`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT deliveries_settled, DROP CONSTRAINT deliveries_leased`);
    await q.query(
      `ALTER TABLE notify.deliveries DROP COLUMN feature, DROP COLUMN telegram_user_id, DROP COLUMN attempts, DROP COLUMN leased_until, DROP COLUMN outcome, DROP COLUMN error`,
    );
    await q.query(`ALTER TABLE notify.deliveries ALTER COLUMN confirmed_at SET NOT NULL, ALTER COLUMN confirmed_at SET DEFAULT now()`);
    await q.query(`ALTER TABLE notify.deliveries RENAME COLUMN confirmed_at TO delivered_at`);
  }
}
