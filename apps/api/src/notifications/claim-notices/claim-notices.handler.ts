import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BotLanguage, ClaimedNoticesView, Notice } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { NOTICE_MAX_AGE_DAYS, sendableNotices } from '../notice-sources';
import { ClaimNoticesCommand } from './claim-notices.command';

/**
 * At most this many notices of one recipient per claim: at Telegram's pace of about one message per second in a
 * chat, one claim's messages to one person are sent within seconds, well inside the lease.
 */
export const NOTICES_PER_RECIPIENT_PER_CLAIM = 5;
/** A notice whose lease ran out unconfirmed is leased for twice as long at each later claim, up to this. */
export const MAX_LEASE_SECONDS = 3600;
/** A claim looks at the notices made in the last minutes (and at those whose lease ran out)... */
export const RECENT_MINUTES = 10;
/** ...and, this often per API process, at all of the last NOTICE_MAX_AGE_DAYS. */
export const SWEEP_EVERY_MS = 60_000;

/**
 * Hands out the due notices of every feature in one call, oldest first, and leases each to the caller.
 *
 * At least once: a notice is settled only by the bot's confirmation (`POST /notifications/:id/delivered`); a lease
 * that runs out unconfirmed (the bot crashed between claim and send, or the send failed) makes it due again.
 * In practice once: while leased, nobody else gets it — of two concurrent claims the unique receipt row lets one
 * insert or update win and the other skips the notice. What remains is the window between Telegram accepting the
 * message and the confirmation reaching the API: a crash there sends the notice again after the lease.
 *
 * Repeated claims of one notice lease it for `leaseSeconds` × 2^(claims before), up to an hour, so a notice whose send
 * keeps failing is retried less and less often until it is older than the maximum age.
 *
 * Cost: a claim reads the notices of the last RECENT_MINUTES and those whose lease ran out, not the whole window of
 * days (measured: a claim over 100,000 notices of the last days took ~0.5 s). What that misses — a notice a lagging
 * projector writes late with its event's old time, one whose category was unmuted or whose recipient bound Telegram
 * since — is found by the sweep over the whole window that the first claim after SWEEP_EVERY_MS makes.
 */
@CommandHandler(ClaimNoticesCommand)
export class ClaimNoticesHandler implements ICommandHandler<ClaimNoticesCommand> {
  private lastSweepAt = -Infinity;

  constructor(private readonly ds: DataSource) {}

  async execute({ limit, leaseSeconds }: ClaimNoticesCommand): Promise<ClaimedNoticesView> {
    const startedAt = Date.now();
    const sweep = startedAt - this.lastSweepAt >= SWEEP_EVERY_MS;
    const sendable = sweep
      ? sendableNotices(() => 'true')
      : `${sendableNotices((s) => `${s.createdAt} > now() - make_interval(mins => ${RECENT_MINUTES})`)}
         UNION ALL
         ${sendableNotices((s) => `${s.id} IN (SELECT notification_id FROM retry)`)}`;
    const rows: {
      id: string;
      feature: Notice['feature'];
      kind: string;
      employee_id: string;
      telegram_user_id: string;
      data: Record<string, unknown>;
      created_at: Date;
      attempts: number;
      language: BotLanguage | null;
    }[] = await this.ds.query(
      `WITH retry AS (
           SELECT notification_id FROM notify.deliveries
            WHERE outcome IS NULL AND leased_until <= now() AND leased_until > now() - make_interval(days => ${NOTICE_MAX_AGE_DAYS})
         ),
         candidates AS (
           SELECT DISTINCT ON (c.id) c.* FROM (${sendable}) c
            WHERE NOT EXISTS (SELECT 1 FROM notify.deliveries d
                               WHERE d.notification_id = c.id AND (d.outcome IS NOT NULL OR d.leased_until > now()))
            ORDER BY c.id
         ),
         picked AS (
           SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY c.telegram_user_id ORDER BY c.created_at, c.id) AS nth FROM candidates c) r
            WHERE r.nth <= $3
            ORDER BY r.created_at, r.id
            LIMIT $1
         ),
         leased AS (
           INSERT INTO notify.deliveries AS d (notification_id, feature, recipient_id, telegram_user_id, attempts, leased_until)
           SELECT id, feature, employee_id, telegram_user_id, 1, now() + make_interval(secs => $2) FROM picked
           ON CONFLICT (notification_id) DO UPDATE
              SET attempts = d.attempts + 1,
                  telegram_user_id = EXCLUDED.telegram_user_id,
                  leased_until = now() + make_interval(secs => least($4, $2 * power(2, d.attempts)))
            WHERE d.outcome IS NULL AND d.leased_until <= now()
           RETURNING d.notification_id, d.attempts
         )
         SELECT p.id, p.feature, p.kind, p.employee_id, p.telegram_user_id, p.data, p.created_at, l.attempts,
                coalesce(s.language, s.telegram_language) AS language
           FROM picked p
           JOIN leased l ON l.notification_id = p.id
           LEFT JOIN bot.user_settings s ON s.telegram_user_id = p.telegram_user_id
          ORDER BY p.created_at, p.id`,
      [limit, leaseSeconds, NOTICES_PER_RECIPIENT_PER_CLAIM, MAX_LEASE_SECONDS],
    );
    if (sweep) this.lastSweepAt = startedAt;
    return {
      items: rows.map(
        (r) =>
          ({
            id: r.id,
            feature: r.feature,
            kind: r.kind,
            telegramUserId: Number(r.telegram_user_id),
            language: r.language,
            employeeId: r.employee_id,
            data: r.data,
            createdAt: new Date(r.created_at).toISOString(),
            attempt: r.attempts,
          }) as Notice,
      ),
    };
  }
}
