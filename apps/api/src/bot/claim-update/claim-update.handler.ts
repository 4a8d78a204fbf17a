import type { OnModuleDestroy } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BotLanguage, ClaimUpdateView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { BackgroundPurge } from '../background-purge';
import { conversationView } from '../conversations/conversations.handlers';

/** How long a claimed update_id is remembered: Telegram gives up redelivering after 24 hours. */
export const CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** What a first claim also loads for the bot, in the same round trip. */
export interface ClaimLoad {
  userId?: number;
  conversationKey?: string;
  telegramLanguage?: BotLanguage;
}

export class ClaimUpdate extends Command<ClaimUpdateView> {
  constructor(
    /** The bot the update was sent to (getMe's id; 0: not named): an update is claimed per bot. */
    readonly botId: number,
    readonly updateId: number,
    readonly load: ClaimLoad,
  ) {
    super();
  }
}

/**
 * Claims Telegram updates for the bot instances: the first claim of a bot's update_id
 * wins (INSERT … ON CONFLICT DO NOTHING RETURNING), every later one — a webhook
 * redelivery, another instance — gets `first: false` and drops the update.
 */
@CommandHandler(ClaimUpdate)
export class ClaimUpdateHandler implements ICommandHandler<ClaimUpdate>, OnModuleDestroy {
  private readonly purger = new BackgroundPurge(() => this.purge());

  constructor(private readonly ds: DataSource) {}

  /**
   * Claims an update; a first claim may also load what the bot needs for it (the user's settings, their conversation
   * state) in the same round trip: one query, so the bot pays one request per update for all three.
   */
  async execute({ botId, updateId, load }: ClaimUpdate): Promise<ClaimUpdateView> {
    if (load.userId === undefined && load.conversationKey === undefined) {
      const rows: unknown[] = await this.ds.query(
        `INSERT INTO bot.processed_updates (bot_id, update_id, claimed_at) VALUES ($2, $1, now())
         ON CONFLICT (bot_id, update_id) DO NOTHING RETURNING update_id`,
        [updateId, botId],
      );
      this.purger.maybeRun();
      return { updateId, first: rows.length === 1 };
    }
    // The user's Telegram client language is recorded for messages the bot sends on its own; the upsert writes only
    // when it changed (its WHERE skips the update), so the hot path stays a read for known users.
    const [row] = await this.ds.query(
      `WITH claim AS (
         INSERT INTO bot.processed_updates (bot_id, update_id, claimed_at) VALUES ($5, $1, now())
         ON CONFLICT (bot_id, update_id) DO NOTHING RETURNING update_id),
       seen AS (
         INSERT INTO bot.user_settings (telegram_user_id, telegram_language, updated_at)
         SELECT $2, $4, now() WHERE $2::bigint IS NOT NULL AND $4::text IS NOT NULL
         ON CONFLICT (telegram_user_id) DO UPDATE SET telegram_language = EXCLUDED.telegram_language, updated_at = now()
         WHERE bot.user_settings.telegram_language IS DISTINCT FROM EXCLUDED.telegram_language
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM claim) AS first,
         (SELECT language FROM bot.user_settings WHERE telegram_user_id = $2) AS language,
         (SELECT row_to_json(c) FROM bot.conversations c WHERE c.scope = 'user' AND c.key = $3 AND c.expires_at > now()) AS conversation`,
      [updateId, load.userId ?? null, load.conversationKey ?? null, load.telegramLanguage ?? null, botId],
    );
    this.purger.maybeRun();
    const view: ClaimUpdateView = { updateId, first: row.first === true };
    if (!view.first) return view;
    if (load.userId !== undefined) view.settings = { telegramUserId: load.userId, language: row.language ?? null };
    if (load.conversationKey !== undefined) view.conversation = row.conversation ? conversationView(row.conversation) : null;
    return view;
  }

  /** Deletes claims older than the retention; at most once per 10 minutes per process (BackgroundPurge). */
  async purge(retentionMs = CLAIM_RETENTION_MS): Promise<number> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.processed_updates WHERE claimed_at < now() - $1 * interval '1 millisecond'`, [retentionMs])) as [
      unknown,
      number,
    ];
    return count ?? 0;
  }

  async onModuleDestroy(): Promise<void> {
    await this.purger.settle();
  }
}
