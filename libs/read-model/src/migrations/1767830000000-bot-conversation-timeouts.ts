import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's flow that timed out is announced to them once, with the claim of their next update (the bot keeps no
 * timers): `timeout_announced` marks the expired state whose timeout was told. A state written again starts unmarked.
 */
export class BotConversationTimeouts1767830000000 implements MigrationInterface {
  name = 'BotConversationTimeouts1767830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.conversations ADD COLUMN timeout_announced boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.conversations DROP COLUMN timeout_announced`);
  }
}
