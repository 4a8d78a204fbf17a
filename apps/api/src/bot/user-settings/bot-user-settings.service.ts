import { Injectable } from '@nestjs/common';
import type { BotLanguage, BotUserLanguagesView, BotUserSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/** A Telegram user's bot settings (their /language choice), kept for any bot instance. */
@Injectable()
export class BotUserSettings {
  constructor(private readonly ds: DataSource) {}

  async get(telegramUserId: number): Promise<BotUserSettingsView> {
    const [row] = await this.ds.query(`SELECT language FROM bot.user_settings WHERE telegram_user_id = $1`, [telegramUserId]);
    return { telegramUserId, language: row?.language ?? null };
  }

  /** The language to write to each user in (choice, else Telegram client, else null), for the bot's own messages. */
  async languages(telegramUserIds: number[]): Promise<BotUserLanguagesView> {
    const rows: { id: string; language: BotLanguage | null }[] = await this.ds.query(
      `SELECT telegram_user_id::text AS id, coalesce(language, telegram_language) AS language FROM bot.user_settings WHERE telegram_user_id = ANY($1::bigint[])`,
      [telegramUserIds],
    );
    const found = new Map(rows.map((r) => [r.id, r.language]));
    return { languages: Object.fromEntries(telegramUserIds.map((id) => [String(id), found.get(String(id)) ?? null])) };
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
