import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { NotificationSettingsView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { ChangeNotificationSettingsCommand } from './change-notification-settings.command';
import { NotificationSettingsQuery } from './notification-settings.query';

/**
 * Muted categories (auction notices, announcements) per employee, in `notify.settings` (outside the rebuilt schemas). The claim filters by
 * them at read time: a muted notice stays back, and goes out if its category is unmuted while it is still fresh.
 */
@QueryHandler(NotificationSettingsQuery)
export class NotificationSettingsHandler implements IQueryHandler<NotificationSettingsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ employeeId }: NotificationSettingsQuery): Promise<NotificationSettingsView> {
    const [row] = await this.ds.query(`SELECT muted FROM notify.settings WHERE employee_id = $1`, [employeeId]);
    return { employeeId, muted: row?.muted ?? [] };
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
