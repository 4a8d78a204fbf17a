import { Global, Module } from '@nestjs/common';
import { DISPLAY_AUTHENTICATOR } from '../../core/access/access.guard';
import { DisplayTokenAuthenticator } from './display-authenticator';
import { DisplayAuthLimiter } from './display-auth-limiter';
import { DisplayDirectory } from './display-directory.service';
import { DisplayScheduleService } from './display-schedule.service';
import { DisplayTelemetry } from './display-telemetry.service';
import { GetScheduleController } from './get-schedule/get-schedule.http.controller';
import { ListDisplaysController } from './list-displays/list-displays.http.controller';
import { ListDisplaysHandler } from './list-displays/list-displays.handler';
import { PreviewDisplayController } from './preview-display/preview-display.http.controller';
import { PreviewDisplayHandler } from './preview-display/preview-display.handler';
import { RegisterDisplayController } from './register-display/register-display.http.controller';
import { RegisterDisplayHandler } from './register-display/register-display.handler';
import { RetireDisplayController } from './retire-display/retire-display.http.controller';
import { RotateDisplayTokenController } from './rotate-display-token/rotate-display-token.http.controller';

/**
 * Room door displays: the device endpoint (served from memory: DisplayDirectory, DisplayScheduleService, DisplayTelemetry)
 * and the admin API, one folder per use case; commands run on the generic write side with `displayWriteSide`.
 */
// Global: the AccessGuard (CoreModule) asks it who a display token is.
@Global()
@Module({
  // The device endpoint first: `/displays/schedule` must not be taken for a display id by a router that matches in order.
  controllers: [
    GetScheduleController,
    RegisterDisplayController,
    RotateDisplayTokenController,
    RetireDisplayController,
    ListDisplaysController,
    PreviewDisplayController,
  ],
  providers: [
    DisplayDirectory,
    DisplayScheduleService,
    DisplayTelemetry,
    { provide: DisplayAuthLimiter, useFactory: () => new DisplayAuthLimiter() },
    { provide: DISPLAY_AUTHENTICATOR, useClass: DisplayTokenAuthenticator },
    RegisterDisplayHandler,
    ListDisplaysHandler,
    PreviewDisplayHandler,
  ],
  exports: [DISPLAY_AUTHENTICATOR],
})
export class DisplaysModule {}
