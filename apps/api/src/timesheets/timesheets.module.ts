import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ClosePeriodController } from './close-period/close-period.http.controller';
import { CopyLastWeekController } from './copy-last-week/copy-last-week.http.controller';
import { CopyLastWeekHandler } from './copy-last-week/copy-last-week.handler';
import { DeleteTimeEntryController } from './delete-time-entry/delete-time-entry.http.controller';
import { EditTimeEntryController } from './edit-time-entry/edit-time-entry.http.controller';
import { ChangeTimeEntryHandler } from './edit-time-entry/edit-time-entry.handler';
import { ExportCsvController } from './export-csv/export-csv.http.controller';
import { ExportCsvHandler } from './export-csv/export-csv.handler';
import { ListProjectsController } from './list-projects/list-projects.http.controller';
import { LogTimeTextController } from './log-time-text/log-time-text.http.controller';
import { LogTimeTextHandler } from './log-time-text/log-time-text.handler';
import { LogTimeController } from './log-time/log-time.http.controller';
import { LogTimeHandler } from './log-time/log-time.handler';
import { MyWeekController } from './my-week/my-week.http.controller';
import { MyWeekHandler } from './my-week/my-week.handler';
import { RecordLeaveController } from './record-leave/record-leave.http.controller';
import { OpenProjectController } from './open-project/open-project.http.controller';
import { TeamWeekController } from './team-week/team-week.http.controller';
import { TeamWeekHandler } from './team-week/team-week.handler';
import { TimesheetsStreams } from './timesheets.streams';
import { WorkingDays } from './timesheets.working-days';

/**
 * Time logging: entries on employee-month streams, projects and periods
 * (admins), the week summary, the manager's view, CSV export. One folder
 * per use case.
 */
@Module({
  imports: [IdentityModule],
  // `entries/text` before `entries/:entryId`
  controllers: [
    LogTimeTextController,
    LogTimeController,
    EditTimeEntryController,
    DeleteTimeEntryController,
    MyWeekController,
    CopyLastWeekController,
    TeamWeekController,
    ExportCsvController,
    ClosePeriodController,
    ListProjectsController,
    OpenProjectController,
    RecordLeaveController,
  ],
  providers: [
    TimesheetsStreams,
    WorkingDays,
    LogTimeHandler,
    LogTimeTextHandler,
    ChangeTimeEntryHandler,
    MyWeekHandler,
    CopyLastWeekHandler,
    TeamWeekHandler,
    ExportCsvHandler,
  ],
})
export class TimesheetsModule {}
