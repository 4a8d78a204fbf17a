import type { OnModuleDestroy } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BotLanguage, ClaimUpdateView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { GroupCommit } from '@megabot/platform';
import { ASYNC_COMMIT } from '@megabot/read-model';
import { BackgroundPurge } from '../background-purge';
import { IdentityDirectory } from '../../identity/identity.directory';
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
  messageKey?: string;
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
/** What the claim statement answers per claim (the view is made of it). */
interface ClaimRow {
  first: boolean;
  language: BotLanguage | null;
  conversation: Parameters<typeof conversationView>[0] | null;
  timed_out: { flow: string; step: string } | null;
  message: Parameters<typeof conversationView>[0] | null;
}

@CommandHandler(ClaimUpdate)
export class ClaimUpdateHandler implements ICommandHandler<ClaimUpdate>, OnModuleDestroy {
  private readonly purger = new BackgroundPurge(() => this.purge());
  /** Claims that come while one statement is in the database go together in the next (one statement, one commit). */
  private readonly claims = new GroupCommit<ClaimUpdate, ClaimRow>((group) => this.claimAll(group));

  constructor(
    private readonly ds: DataSource,
    private readonly directory: IdentityDirectory,
  ) {}

  /**
   * Claims an update; a first claim also loads what the bot needs for it in the same round trip: who the user is (from
   * the identity cache, invalidated by identity events), their settings, their conversation state (and a flow that
   * timed out since, answered once), the pressed message's state. One statement, so the bot pays one request per update.
   */
  async execute(claim: ClaimUpdate): Promise<ClaimUpdateView> {
    const { botId, updateId, load } = claim;
    const [row, identity] = await Promise.all([this.claims.submit(claim), load.userId === undefined ? undefined : this.directory.byTelegram(load.userId)]);
    this.purger.maybeRun();
    const view: ClaimUpdateView = { updateId, first: row.first };
    if (!view.first) return { ...view, pending: await this.pending(botId, updateId) };
    if (load.userId !== undefined) {
      view.settings = { telegramUserId: load.userId, language: row.language ?? null };
      view.identity = identity ?? null;
    }
    if (load.conversationKey !== undefined) view.conversation = row.conversation ? conversationView(row.conversation) : null;
    if (row.timed_out) view.timedOut = row.timed_out;
    if (load.messageKey !== undefined) view.message = row.message ? conversationView(row.message) : null;
    return view;
  }

  /**
   * The claims of a group in one statement. The user's Telegram client language is recorded for messages the bot sends
   * on its own; the upsert writes only when it changed (its WHERE skips the update), so the hot path stays a read for
   * known users. A user flow that expired is marked announced by a first claim only (a duplicate delivery does not take
   * the announcement). The same update twice in one group is first once: the statement sees each once.
   */
  private async claimAll(group: ClaimUpdate[]): Promise<ClaimRow[]> {
    const keyOf = (c: ClaimUpdate) => `${c.botId}:${c.updateId}`;
    const unique = [...new Map(group.map((c) => [keyOf(c), c])).values()];
    const column = <T>(f: (c: ClaimUpdate) => T | undefined) => unique.map((c) => f(c) ?? null);
    const rows: (ClaimRow & { n: string })[] = await this.ds.query(
      `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS i(bot_id, update_id, user_id, conversation_key, telegram_language, message_key, n)),
       claim AS (
         INSERT INTO bot.processed_updates (bot_id, update_id, claimed_at, leased_until)
         SELECT bot_id, update_id, now(), now() + make_interval(secs => $7) FROM input
         ${RECLAIM} RETURNING bot_id, update_id),
       seen AS (
         INSERT INTO bot.user_settings (telegram_user_id, telegram_language, updated_at)
         SELECT DISTINCT ON (user_id) user_id, telegram_language, now() FROM input
         WHERE user_id IS NOT NULL AND telegram_language IS NOT NULL ORDER BY user_id, n DESC
         ON CONFLICT (telegram_user_id) DO UPDATE SET telegram_language = EXCLUDED.telegram_language, updated_at = now()
         WHERE bot.user_settings.telegram_language IS DISTINCT FROM EXCLUDED.telegram_language
         RETURNING 1),
       timed_out AS (
         UPDATE bot.conversations c SET timeout_announced = true
         FROM (SELECT DISTINCT i.conversation_key FROM input i JOIN claim USING (bot_id, update_id)) k
         WHERE c.scope = 'user' AND c.key = k.conversation_key AND c.expires_at <= now() AND NOT c.timeout_announced
         RETURNING c.key, c.flow, c.step)
       SELECT i.n, EXISTS (SELECT 1 FROM claim c WHERE c.bot_id = i.bot_id AND c.update_id = i.update_id) AS first,
         (SELECT s.language FROM bot.user_settings s WHERE s.telegram_user_id = i.user_id) AS language,
         (SELECT row_to_json(c) FROM bot.conversations c WHERE c.scope = 'user' AND c.key = i.conversation_key AND c.expires_at > now()) AS conversation,
         (SELECT json_build_object('flow', t.flow, 'step', t.step) FROM timed_out t WHERE t.key = i.conversation_key) AS timed_out,
         (SELECT row_to_json(m) FROM bot.conversations m WHERE m.scope = 'message' AND m.key = i.message_key AND m.expires_at > now()) AS message,
         ${ASYNC_COMMIT}
       FROM input i`,
      [
        column((c) => c.botId),
        column((c) => c.updateId),
        column((c) => c.load.userId),
        column((c) => c.load.conversationKey),
        column((c) => c.load.telegramLanguage),
        column((c) => c.load.messageKey),
        UPDATE_LEASE_SECONDS,
      ],
    );
    const byKey = new Map(rows.map((r) => [keyOf(unique[Number(r.n) - 1]), r]));
    const answered = new Set<string>();
    const told = new Set<string>();
    return group.map((c) => {
      const key = keyOf(c);
      const row = byKey.get(key)!;
      if (answered.has(key) || !row.first) return { ...row, first: false };
      answered.add(key);
      // two first updates of one user in a group: the timeout is told once
      const conversationKey = c.load.conversationKey ?? '';
      const timedOut = row.timed_out && !told.has(conversationKey) ? row.timed_out : null;
      if (timedOut) told.add(conversationKey);
      return { ...row, timed_out: timedOut };
    });
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
       SELECT count(*)::int AS n, ${ASYNC_COMMIT} FROM settled`,
      [updateIds, botId ?? null],
    );
    return { handled: row.n };
  }
}
