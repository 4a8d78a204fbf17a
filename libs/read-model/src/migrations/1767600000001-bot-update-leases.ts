import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telegram update claims become leases (at least once): a claim holds its
 * update for `leased_until`; the bot reports it handled afterwards
 * (`handled_at`). A claimed update that was never reported handled (the bot
 * died on it) is handed out again to a redelivery once the lease ran out.
 * Claims made before this are taken as handled.
 */
export class BotUpdateLeases1767600000001 implements MigrationInterface {
  name = 'BotUpdateLeases1767600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.processed_updates ADD COLUMN leased_until timestamptz NOT NULL DEFAULT now(), ADD COLUMN handled_at timestamptz`);
    await q.query(`UPDATE bot.processed_updates SET handled_at = claimed_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.processed_updates DROP COLUMN leased_until, DROP COLUMN handled_at`);
  }
}
