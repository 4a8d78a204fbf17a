import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Telegram client's language of each user, recorded by the update claim, so messages the bot sends on its own
 * (notifications, reminders) speak the user's language when they never chose one with /language.
 */
export class BotTelegramLanguage1765400000001 implements MigrationInterface {
  name = 'BotTelegramLanguage1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.user_settings ADD COLUMN telegram_language text CHECK (telegram_language IN ('ru', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bot.user_settings DROP COLUMN telegram_language`);
  }
}
