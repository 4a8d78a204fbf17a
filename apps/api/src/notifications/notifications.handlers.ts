import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { NotificationCategory, NotificationKind, NotificationListView, NotificationSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../core/problem';
import { ChangeNotificationSettingsCommand, MarkDeliveredCommand, NotificationSettingsQuery, PendingNotificationsQuery } from './notifications.messages';

/**
 * Notifications older than this are never handed out: a replay of old
 * history (first deployment, a rebuild of never-delivered rows) must not
 * flood anyone with news about long-closed lots.
 */
export const NOTIFICATION_MAX_AGE_DAYS = 7;

/**
 * The outbox the bot delivers from. Rows come from the auction projection
 * (`auction.notifications`, one per event and recipient, id derived from
 * both); delivery receipts and mute settings live in `notify.*`, outside the
 * rebuilt schema, so a rebuild re-creates the same ids and they stay delivered.
 * Muting filters at read time: categories are the recipient's preference, not
 * auction facts.
 */
@QueryHandler(PendingNotificationsQuery)
export class PendingNotificationsHandler implements IQueryHandler<PendingNotificationsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, limit }: PendingNotificationsQuery): Promise<NotificationListView> {
    const rows: { id: string; recipient_id: string; kind: NotificationKind; category: NotificationCategory; lot_id: string; data: Record<string, unknown>; created_at: Date }[] =
      await this.ds.query(
        `SELECT n.id, n.recipient_id, n.kind, n.category, n.lot_id, n.data, n.created_at
         FROM auction.notifications n
         WHERE n.recipient_id = $1
           AND n.created_at > now() - make_interval(days => $3)
           AND NOT EXISTS (SELECT 1 FROM notify.deliveries d WHERE d.notification_id = n.id)
           AND NOT (n.category = ANY (coalesce((SELECT s.muted FROM notify.settings s WHERE s.employee_id = $1), '{}')))
         ORDER BY n.created_at, n.id
         LIMIT $2`,
        [employeeId, limit, NOTIFICATION_MAX_AGE_DAYS],
      );
    return {
      items: rows.map((r) => ({
        id: r.id,
        recipientId: r.recipient_id,
        kind: r.kind,
        category: r.category,
        lotId: r.lot_id,
        data: r.data,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }
}

@QueryHandler(NotificationSettingsQuery)
export class NotificationSettingsHandler implements IQueryHandler<NotificationSettingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId }: NotificationSettingsQuery): Promise<NotificationSettingsView> {
    const [row] = await this.ds.query(`SELECT muted FROM notify.settings WHERE employee_id = $1`, [employeeId]);
    return { employeeId, muted: row?.muted ?? [] };
  }
}

@CommandHandler(MarkDeliveredCommand)
export class MarkDeliveredHandler implements ICommandHandler<MarkDeliveredCommand> {
  constructor(private readonly ds: DataSource) {}

  /**
   * Idempotent: delivering twice keeps the first time. `first` tells the caller
   * whether this call made the mark, so a bot marks before sending and only the
   * instance that got `first: true` sends (one message even with several bots).
   */
  async execute({ id }: MarkDeliveredCommand) {
    const rows: { delivered_at: Date; first: boolean }[] = await this.ds.query(
      `WITH n AS (SELECT id, recipient_id FROM auction.notifications WHERE id = $1),
            ins AS (INSERT INTO notify.deliveries (notification_id, recipient_id) SELECT id, recipient_id FROM n
                    ON CONFLICT (notification_id) DO NOTHING RETURNING delivered_at)
       SELECT delivered_at, true AS first FROM ins
       UNION ALL SELECT d.delivered_at, false AS first FROM notify.deliveries d WHERE d.notification_id = $1`,
      [id],
    );
    if (!rows.length) throw problem(404, 'notification.not_found', `Notification ${id} does not exist`);
    return { id, deliveredAt: new Date(rows[0].delivered_at).toISOString(), first: rows[0].first };
  }
}

@CommandHandler(ChangeNotificationSettingsCommand)
export class ChangeNotificationSettingsHandler implements ICommandHandler<ChangeNotificationSettingsCommand> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, muted }: ChangeNotificationSettingsCommand): Promise<NotificationSettingsView> {
    const unique = [...new Set(muted)].sort();
    await this.ds.query(
      `INSERT INTO notify.settings (employee_id, muted, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (employee_id) DO UPDATE SET muted = EXCLUDED.muted, updated_at = now()`,
      [employeeId, unique],
    );
    return { employeeId, muted: unique };
  }
}
