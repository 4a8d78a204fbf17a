import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../polling-manager';

/**
 * Turns each published announcement into one notice per recipient in
 * `company_outbox.announcement_notices`, once: the verified (Telegram bound)
 * active employees of its audience at that moment. Those who muted
 * announcements (`notify.settings`) get a row marked muted, which is never
 * sent but counts in the statistics. The bot delivers the rest from the one
 * outbox (`POST /notifications/claim`), within its shared send budget.
 *
 * Exactly once per recipient: the notice id is derived from the
 * announcement and the employee and inserts ignore a conflict; the rows and
 * the expansion mark commit together, so a crash in between expands again
 * to the same ids.
 */
export class AnnouncementsManager extends PollingManager {
  readonly name = 'company-announcements';

  constructor(
    private readonly ds: DataSource,
    options: PollingOptions = {},
  ) {
    super({ pollMs: 2000, ...options });
  }

  async tick(): Promise<{ expanded: number }> {
    const now = this.clock().toISOString();
    const expanded: { announcement_id: string; recipients: number }[] = await this.ds.transaction(async (tx) => {
      const due: { announcement_id: string }[] = await tx.query(
        `SELECT a.announcement_id FROM company.announcements a
          WHERE NOT EXISTS (SELECT 1 FROM company_outbox.expanded_announcements x WHERE x.announcement_id = a.announcement_id)
            AND a.withdrawn_at IS NULL
          ORDER BY a.published_at LIMIT $1 FOR UPDATE OF a SKIP LOCKED`,
        [this.batchSize],
      );
      if (!due.length) return [];
      const ids = due.map((d) => d.announcement_id);
      await tx.query(
        `INSERT INTO company_outbox.announcement_notices (id, announcement_id, recipient_id, muted, created_at)
         SELECT md5('announcement:' || a.announcement_id || ':' || e.employee_id)::uuid, a.announcement_id, e.employee_id,
                'announcements' = ANY (coalesce((SELECT s.muted FROM notify.settings s WHERE s.employee_id = e.employee_id), '{}')), $2
           FROM company.announcements a
           JOIN identity.employees e ON e.status = 'active' AND (
                  a.audience->>'kind' = 'everyone'
               OR (a.audience->>'kind' = 'offices' AND a.audience->'offices' ? e.office)
               OR (a.audience->>'kind' = 'departments' AND a.audience->'departments' ? e.department))
           JOIN identity.telegram_bindings b ON b.telegram_user_id = e.telegram_user_id AND b.employee_id = e.employee_id
          WHERE a.announcement_id = ANY ($1)
         ON CONFLICT DO NOTHING`,
        [ids, now],
      );
      return tx.query(
        `INSERT INTO company_outbox.expanded_announcements (announcement_id, recipients, expanded_at)
         SELECT a, (SELECT count(*) FROM company_outbox.announcement_notices n WHERE n.announcement_id = a), $2 FROM unnest($1::text[]) AS a
         RETURNING announcement_id, recipients`,
        [ids, now],
      );
    });
    for (const x of expanded) this.options.log?.(`company: announcement ${x.announcement_id} to ${x.recipients} recipient(s)`);
    return { expanded: expanded.length };
  }
}
