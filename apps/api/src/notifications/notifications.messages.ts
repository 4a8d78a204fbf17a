import { Command, Query } from '@nestjs/cqrs';
import type { NotificationCategory, NotificationListView, NotificationSettingsView } from '@megabot/contracts';

export class PendingNotificationsQuery extends Query<NotificationListView> {
  constructor(
    readonly employeeId: string,
    readonly limit: number,
  ) {
    super();
  }
}

export class NotificationSettingsQuery extends Query<NotificationSettingsView> {
  constructor(readonly employeeId: string) {
    super();
  }
}

export class MarkDeliveredCommand extends Command<{ id: string; deliveredAt: string }> {
  constructor(readonly id: string) {
    super();
  }
}

export class ChangeNotificationSettingsCommand extends Command<NotificationSettingsView> {
  constructor(
    readonly employeeId: string,
    readonly muted: NotificationCategory[],
  ) {
    super();
  }
}
