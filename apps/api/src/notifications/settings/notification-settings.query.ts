import { Query } from '@nestjs/cqrs';
import type { NotificationSettingsView } from '@megabot/contracts';

export class NotificationSettingsQuery extends Query<NotificationSettingsView> {
  constructor(readonly employeeId: string) {
    super();
  }
}
