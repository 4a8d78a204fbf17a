import { Module } from '@nestjs/common';
import { AddLinkController } from './add-link/add-link.http.controller';
import { GetCalendarController } from './get-calendar/get-calendar.http.controller';
import { ImportCalendarController } from './import-calendar/import-calendar.http.controller';
import { ListLinksController } from './list-links/list-links.http.controller';
import { RemoveLinkController } from './remove-link/remove-link.http.controller';
import { UpdateLinkController } from './update-link/update-link.http.controller';
import { GetAnnouncementController } from './get-announcement/get-announcement.http.controller';
import { PublishAnnouncementController } from './publish-announcement/publish-announcement.http.controller';
import { WithdrawAnnouncementController } from './withdraw-announcement/withdraw-announcement.http.controller';
import { WorkingDayController } from './working-day/working-day.http.controller';

/**
 * Company information: the useful links (admins manage them), the
 * announcements (admins publish, the bot delivers) and the
 * production calendars per region and year, imported from xmlcalendar.ru
 * files; commands run on the generic write side with the domain's
 * definitions, queries read the `company` read model.
 */
@Module({
  // `working-day` before `:year`: a router matching in order must not take it for a year.
  controllers: [
    ListLinksController,
    AddLinkController,
    UpdateLinkController,
    RemoveLinkController,
    ImportCalendarController,
    WorkingDayController,
    GetCalendarController,
    PublishAnnouncementController,
    WithdrawAnnouncementController,
    GetAnnouncementController,
  ],
})
export class CompanyModule {}
