import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { problem } from '../../../core/problem';
import { returned } from '../offboarding.rows';

/** Notices for Telegram accounts that lost their binding (rebound, unbound by an admin, dismissed). */
export class PendingNoticesQuery extends Query<{ items: { id: string; telegramUserId: number; employeeId: string; reason: string; createdAt: string }[] }> {}

@QueryHandler(PendingNoticesQuery)
export class PendingNoticesHandler implements IQueryHandler<PendingNoticesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute() {
    const rows: { event_id: string; telegram_user_id: string; employee_id: string; reason: string; created_at: Date }[] = await this.ds.query(
      `SELECT event_id, telegram_user_id, employee_id, reason, created_at FROM identity_ops.telegram_notices
        WHERE delivered_at IS NULL AND created_at > now() - interval '7 days' ORDER BY created_at LIMIT 50`,
    );
    return {
      items: rows.map((r) => ({ id: r.event_id, telegramUserId: Number(r.telegram_user_id), employeeId: r.employee_id, reason: r.reason, createdAt: new Date(r.created_at).toISOString() })),
    };
  }
}

/** Marks a notice delivered; `first` only for the call that made the mark (the one that sends). */
export class MarkNoticeDelivered extends Command<{ id: string; first: boolean }> {
  constructor(readonly id: string) {
    super();
  }
}

@CommandHandler(MarkNoticeDelivered)
export class MarkNoticeDeliveredHandler implements ICommandHandler<MarkNoticeDelivered> {
  constructor(private readonly ds: DataSource) {}

  async execute({ id }: MarkNoticeDelivered) {
    const rows = returned(await this.ds.query(`UPDATE identity_ops.telegram_notices SET delivered_at = now() WHERE event_id = $1 AND delivered_at IS NULL RETURNING event_id`, [id]));
    if (rows.length) return { id, first: true };
    const exists = await this.ds.query(`SELECT 1 FROM identity_ops.telegram_notices WHERE event_id = $1`, [id]);
    if (!exists.length) throw problem(404, 'identity.notice_not_found', `No notice ${id}`);
    return { id, first: false };
  }
}
