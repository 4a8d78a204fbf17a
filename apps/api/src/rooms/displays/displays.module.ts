import { Module } from '@nestjs/common';
import { DisplayAuthLimiter } from './display-auth-limiter';
import { DisplayDirectory } from './display-directory.service';
import { DisplayPreviewService } from './display-preview.service';
import { DisplayScheduleHttpController } from './display-schedule.http.controller';
import { DisplayScheduleService } from './display-schedule.service';
import { DisplayTelemetry } from './display-telemetry.service';
import { DisplaysHttpController } from './displays.http.controller';
import { DisplaysWriteModel } from './displays.write-model';
import { ListDisplaysHandler } from './list-displays/list-displays.handler';
import { RegisterDisplayHandler } from './register-display/register-display.handler';
import { RetireDisplayHandler } from './retire-display/retire-display.handler';
import { RotateDisplayTokenHandler } from './rotate-display-token/rotate-display-token.handler';

/** Room door displays: the device endpoint and the admin API (register, rotate, retire, list, preview). */
@Module({
  // The device endpoint first: `/displays/schedule` must not be taken for a display id by a router that matches in order.
  controllers: [DisplayScheduleHttpController, DisplaysHttpController],
  providers: [
    DisplaysWriteModel,
    DisplayDirectory,
    DisplayScheduleService,
    DisplayTelemetry,
    DisplayPreviewService,
    { provide: DisplayAuthLimiter, useFactory: () => new DisplayAuthLimiter() },
    RegisterDisplayHandler,
    RotateDisplayTokenHandler,
    RetireDisplayHandler,
    ListDisplaysHandler,
  ],
  exports: [DisplayDirectory, DisplayTelemetry, DisplayScheduleService],
})
export class DisplaysModule {}
