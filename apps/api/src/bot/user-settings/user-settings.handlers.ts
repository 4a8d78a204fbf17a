import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BotLanguage, BotUserLanguagesView, BotUserSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/** A Telegram user's bot settings (their /language choice), kept for any bot instance. */
export class GetUserSettingsQuery extends Query<BotUserSettingsView> {
  constructor(readonly telegramUserId: number) {
    super();
  }
}

/** The language to write to each user in (choice, else Telegram client, else null), for the bot's own messages. */
export class UserLanguagesQuery extends Query<BotUserLanguagesView> {
  constructor(readonly telegramUserIds: number[]) {
    super();
  }
}

export class ChooseLanguage extends Command<BotUserSettingsView> {
  constructor(
    readonly telegramUserId: number,
    /** null: follow the Telegram client. */
    readonly language: BotLanguage | null,
  ) {
    super();
  }
}

@QueryHandler(GetUserSettingsQuery)
export class GetUserSettingsHandler implements IQueryHandler<GetUserSettingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ telegramUserId }: GetUserSettingsQuery): Promise<BotUserSettingsView> {
    const [row] = await this.ds.query(`SELECT language FROM bot.user_settings WHERE telegram_user_id = $1`, [telegramUserId]);
    return { telegramUserId, language: row?.language ?? null };
  }
}

@QueryHandler(UserLanguagesQuery)
export class UserLanguagesHandler implements IQueryHandler<UserLanguagesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ telegramUserIds }: UserLanguagesQuery): Promise<BotUserLanguagesView> {
    const rows: { id: string; language: BotLanguage | null }[] = await this.ds.query(
      `SELECT telegram_user_id::text AS id, coalesce(language, telegram_language) AS language FROM bot.user_settings WHERE telegram_user_id = ANY($1::bigint[])`,
      [telegramUserIds],
    );
    const found = new Map(rows.map((r) => [r.id, r.language]));
    return { languages: Object.fromEntries(telegramUserIds.map((id) => [String(id), found.get(String(id)) ?? null])) };
  }
}

@CommandHandler(ChooseLanguage)
export class ChooseLanguageHandler implements ICommandHandler<ChooseLanguage> {
  constructor(private readonly ds: DataSource) {}

  async execute({ telegramUserId, language }: ChooseLanguage): Promise<BotUserSettingsView> {
    await this.ds.query(
      `INSERT INTO bot.user_settings (telegram_user_id, language, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (telegram_user_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()`,
      [telegramUserId, language],
    );
    return { telegramUserId, language };
  }
}
