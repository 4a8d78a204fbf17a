import { Module } from '@nestjs/common';
import { ClaimNoticesHandler } from './claim-notices/claim-notices.handler';
import { ClaimNoticesHttpController } from './claim-notices/claim-notices.http.controller';
import { ConfirmDeliveryHandler } from './confirm-delivery/confirm-delivery.handler';
import { ConfirmDeliveryHttpController } from './confirm-delivery/confirm-delivery.http.controller';
import { ChangeNotificationSettingsHandler, NotificationSettingsHandler } from './settings/notification-settings.handlers';
import { NotificationSettingsHttpController } from './settings/notification-settings.http.controller';

/** The one outbox the bot delivers from: the notices of every feature (see notice-sources.ts), and the mutes. */
@Module({
  controllers: [ClaimNoticesHttpController, ConfirmDeliveryHttpController, NotificationSettingsHttpController],
  providers: [ClaimNoticesHandler, ConfirmDeliveryHandler, NotificationSettingsHandler, ChangeNotificationSettingsHandler],
})
export class NotificationsModule {}
