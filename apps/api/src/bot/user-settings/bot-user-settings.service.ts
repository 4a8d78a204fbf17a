import { Injectable } from '@nestjs/common';
import type { BotLanguage, BotUserSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/** A Telegram user's bot settings (their /language choice), kept for any bot instance. */
@Injectable()
export class BotUserSettings {
  constructor(private readonly ds: DataSource) {}

  async get(telegramUserId: number): Promise<BotUserSettingsView> {
    const [row] = await this.ds.query(`SELECT language FROM bot.user_settings WHERE telegram_user_id = $1`, [telegramUserId]);
    return { telegramUserId, language: row?.language ?? null };
  }

  async put(telegramUserId: number, language: BotLanguage | null): Promise<BotUserSettingsView> {
    await this.ds.query(
      `INSERT INTO bot.user_settings (telegram_user_id, language, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (telegram_user_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()`,
      [telegramUserId, language],
    );
    return { telegramUserId, language };
  }
}
