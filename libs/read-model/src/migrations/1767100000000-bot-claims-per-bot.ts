import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Update claims are kept per bot: the key is the bot's id (getMe) with the update_id, so bots with different tokens
 * sharing one API (developers' test bots against a shared staging API, a bot re-created with a new token) never drop
 * each other's updates as "already handled". Claims from before (no bot known) keep bot_id 0.
 */
export class BotClaimsPerBot1767100000000 implements MigrationInterface {
  name = 'BotClaimsPerBot1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.processed_updates ADD COLUMN bot_id bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE bot.processed_updates DROP CONSTRAINT processed_updates_pkey`);
    await q.query(`ALTER TABLE bot.processed_updates ADD PRIMARY KEY (bot_id, update_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM bot.processed_updates a USING bot.processed_updates b WHERE a.update_id = b.update_id AND a.bot_id > b.bot_id`);
    await q.query(`ALTER TABLE bot.processed_updates DROP CONSTRAINT processed_updates_pkey`);
    await q.query(`ALTER TABLE bot.processed_updates DROP COLUMN bot_id`);
    await q.query(`ALTER TABLE bot.processed_updates ADD PRIMARY KEY (update_id)`);
  }
}
