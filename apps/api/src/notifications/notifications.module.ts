import { Module } from '@nestjs/common';
import { ChangeNotificationSettingsHandler, MarkDeliveredHandler, NotificationSettingsHandler, PendingNotificationsHandler } from './notifications.handlers';
import { NotificationsHttpController } from './notifications.http.controller';

@Module({
  controllers: [NotificationsHttpController],
  providers: [PendingNotificationsHandler, NotificationSettingsHandler, MarkDeliveredHandler, ChangeNotificationSettingsHandler],
})
export class NotificationsModule {}
