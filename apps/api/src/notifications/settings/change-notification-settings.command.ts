import { Command } from '@nestjs/cqrs';
import type { NotificationCategory, NotificationSettingsView } from '@megabot/contracts';

export class ChangeNotificationSettingsCommand extends Command<NotificationSettingsView> {
  constructor(
    readonly employeeId: string,
    readonly muted: NotificationCategory[],
  ) {
    super();
  }
}
