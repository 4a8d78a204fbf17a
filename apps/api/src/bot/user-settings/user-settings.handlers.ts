import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BotLanguage, BotUserSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/** A Telegram user's bot settings (their /language choice), kept for any bot instance. */
export class GetUserSettingsQuery extends Query<BotUserSettingsView> {
  constructor(readonly telegramUserId: number) {
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
