import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RoomsNotificationKind, RoomsNotificationListView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import type { Row } from '../rooms.read-model';

export class PendingRoomsNotificationsQuery extends Query<RoomsNotificationListView> {
  constructor(
    readonly employeeId: string,
    readonly limit: number,
  ) {
    super();
  }
}

export class MarkRoomsNotificationDeliveredCommand extends Command<{ id: string; deliveredAt: string; first: boolean }> {
  constructor(readonly id: string) {
    super();
  }
}

/**
 * The rooms outbox the bot delivers from (reminders with a check-in button,
 * released bookings, flagged series). Expired rows are never handed out, and
 * a reminder of a booking that is no longer waiting for a check-in is not
 * either (cancelled, checked in, released meanwhile).
 */
@QueryHandler(PendingRoomsNotificationsQuery)
export class PendingRoomsNotificationsHandler implements IQueryHandler<PendingRoomsNotificationsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId, limit }: PendingRoomsNotificationsQuery): Promise<RoomsNotificationListView> {
    const rows: Row[] = await this.ds.query(
      `SELECT n.* FROM rooms_outbox.notifications n
       WHERE n.recipient_id = $1 AND n.delivered_at IS NULL AND n.expires_at > now()
         AND NOT (n.kind = 'reminder' AND EXISTS (SELECT 1 FROM rooms.bookings b WHERE b.booking_id = n.booking_id AND b.status <> 'booked'))
       ORDER BY n.created_at, n.id LIMIT $2`,
      [employeeId, limit],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        recipientId: r.recipient_id,
        kind: r.kind as RoomsNotificationKind,
        bookingId: r.booking_id,
        seriesId: r.series_id,
        roomId: r.room_id,
        data: r.data,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }
}

@CommandHandler(MarkRoomsNotificationDeliveredCommand)
export class MarkRoomsNotificationDeliveredHandler implements ICommandHandler<MarkRoomsNotificationDeliveredCommand> {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent; `first` only for the call that made the mark (the one bot instance that sends). */
  async execute({ id }: MarkRoomsNotificationDeliveredCommand) {
    const rows: { delivered_at: Date; first: boolean }[] = await this.ds.query(
      `WITH upd AS (UPDATE rooms_outbox.notifications SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL RETURNING delivered_at)
       SELECT delivered_at, true AS first FROM upd
       UNION ALL SELECT delivered_at, false AS first FROM rooms_outbox.notifications WHERE id = $1 AND delivered_at IS NOT NULL`,
      [id],
    );
    if (!rows.length) throw problem(404, 'notification.not_found', `Notification ${id} does not exist`);
    return { id, deliveredAt: new Date(rows[0].delivered_at).toISOString(), first: rows[0].first };
  }
}
