import type { OnModuleDestroy } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BotLanguage, ClaimUpdateView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { BackgroundPurge } from '../background-purge';
import { conversationView } from '../conversations/conversations.handlers';

/**
 * How long a claim holds its update for the bot that claimed it. Handling takes a second or two (the webhook
 * acknowledges after 2 s); an update whose bot died on it is handed out again to a redelivery after this.
 */
export const UPDATE_LEASE_SECONDS = 30;
/** A claim wins over an earlier one only when that one was never reported handled and its lease ran out. */
const RECLAIM = `ON CONFLICT (bot_id, update_id) DO UPDATE SET claimed_at = now(), leased_until = EXCLUDED.leased_until
         WHERE bot.processed_updates.handled_at IS NULL AND bot.processed_updates.leased_until <= now()`;

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
 * Claims Telegram updates for the bot instances, per bot (its id from getMe with
 * the update_id, so bots sharing one API never drop each other's updates): the
 * first claim wins, every later one — a webhook redelivery, another instance —
 * gets `first: false`: dropped when the bot reported the update handled
 * (HandledUpdates), and `pending` (refused, so Telegram delivers it again) while
 * the claim's lease holds unreported. At least once: a bot that died on an
 * update never reports it, so a redelivery after the lease is first again. In practice once: the one window is a bot that died after its
 * reply went out and before it reported the update handled (reports are sent
 * in batches within ~50 ms), with Telegram redelivering after the lease; the
 * commands it sends carry idempotency keys derived from the update, so even
 * then the effect happens once and only the reply may come twice.
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
        `INSERT INTO bot.processed_updates (bot_id, update_id, claimed_at, leased_until) VALUES ($3, $1, now(), now() + make_interval(secs => $2))
         ${RECLAIM} RETURNING update_id`,
        [updateId, UPDATE_LEASE_SECONDS, botId],
      );
      this.purger.maybeRun();
      if (rows.length === 1) return { updateId, first: true };
      return { updateId, first: false, pending: await this.pending(botId, updateId) };
    }
    // The user's Telegram client language is recorded for messages the bot sends on its own; the upsert writes only
    // when it changed (its WHERE skips the update), so the hot path stays a read for known users.
    const [row] = await this.ds.query(
      `WITH claim AS (
         INSERT INTO bot.processed_updates (bot_id, update_id, claimed_at, leased_until) VALUES ($6, $1, now(), now() + make_interval(secs => $5))
         ${RECLAIM} RETURNING update_id),
       seen AS (
         INSERT INTO bot.user_settings (telegram_user_id, telegram_language, updated_at)
         SELECT $2, $4, now() WHERE $2::bigint IS NOT NULL AND $4::text IS NOT NULL
         ON CONFLICT (telegram_user_id) DO UPDATE SET telegram_language = EXCLUDED.telegram_language, updated_at = now()
         WHERE bot.user_settings.telegram_language IS DISTINCT FROM EXCLUDED.telegram_language
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM claim) AS first,
         (SELECT language FROM bot.user_settings WHERE telegram_user_id = $2) AS language,
         (SELECT row_to_json(c) FROM bot.conversations c WHERE c.scope = 'user' AND c.key = $3 AND c.expires_at > now()) AS conversation`,
      [updateId, load.userId ?? null, load.conversationKey ?? null, load.telegramLanguage ?? null, UPDATE_LEASE_SECONDS, botId],
    );
    this.purger.maybeRun();
    const view: ClaimUpdateView = { updateId, first: row.first === true };
    if (!view.first) return { ...view, pending: await this.pending(botId, updateId) };
    if (load.userId !== undefined) view.settings = { telegramUserId: load.userId, language: row.language ?? null };
    if (load.conversationKey !== undefined) view.conversation = row.conversation ? conversationView(row.conversation) : null;
    return view;
  }

  /**
   * A lost claim's holder has not reported the update handled. Read after the claim's statement (which waited for a
   * concurrent claim to commit), so a claim made at the same moment is seen.
   */
  private async pending(botId: number, updateId: number): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT handled_at IS NULL AS pending FROM bot.processed_updates WHERE bot_id = $1 AND update_id = $2`, [
      botId,
      updateId,
    ]);
    return row?.pending !== false;
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

/** The bot reports updates handled (in batches): their claims are settled for good. */
export class HandledUpdates extends Command<{ handled: number }> {
  constructor(
    readonly updateIds: number[],
    /** The bot's id (X-Bot-Id); undefined: the updates of that id whatever bot claimed them (a bot that names none). */
    readonly botId?: number,
  ) {
    super();
  }
}

@CommandHandler(HandledUpdates)
export class HandledUpdatesHandler implements ICommandHandler<HandledUpdates> {
  constructor(private readonly ds: DataSource) {}

  async execute({ updateIds, botId }: HandledUpdates): Promise<{ handled: number }> {
    const [row] = await this.ds.query(
      `WITH settled AS (UPDATE bot.processed_updates SET handled_at = now()
         WHERE update_id = ANY($1::bigint[]) AND ($2::bigint IS NULL OR bot_id = $2) AND handled_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM settled`,
      [updateIds, botId ?? null],
    );
    return { handled: row.n };
  }
}
