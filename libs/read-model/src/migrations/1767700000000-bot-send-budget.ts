import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Telegram send budget of each bot: one token bucket that every instance of the bot takes from, since
 * Telegram's limit (~30 messages/s) is per bot. Written only by the API (POST /bot/send-budget); not a projection.
 */
export class BotSendBudget1767700000000 implements MigrationInterface {
  name = 'BotSendBudget1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bot.send_budget (
      bot_id text PRIMARY KEY,
      tokens double precision NOT NULL,
      -- what the last take granted: RETURNING sees only the new row, so the grant is kept beside it
      granted integer NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bot.send_budget`);
  }
}
