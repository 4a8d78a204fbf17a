import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telegram updates claimed by a bot instance (webhook redeliveries, several
 * instances behind one URL): the first claim of an update_id wins, the others
 * drop the update. Outside the rebuilt `auction` schema; rows older than a day
 * are deleted by the API (Telegram redelivers for at most 24 hours).
 */
export class BotProcessedUpdates1764500000000 implements MigrationInterface {
  name = 'BotProcessedUpdates1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS bot`);
    await q.query(`CREATE TABLE bot.processed_updates (
      update_id bigint PRIMARY KEY,
      claimed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX processed_updates_claimed_at ON bot.processed_updates (claimed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS bot.processed_updates`);
    await q.query(`DROP SCHEMA IF EXISTS bot`);
  }
}
