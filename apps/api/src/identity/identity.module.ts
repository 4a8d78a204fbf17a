import { Module } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import { DismissEmployeeController } from './employees/dismiss-employee/dismiss-employee.http.controller';
import { RunEmployeeCommandHandler } from './employees/employee-command.handler';
import { EmployeeOffboardingController } from './employees/employee-offboarding/employee-offboarding.http.controller';
import { EmployeeOffboardingHandler } from './employees/employee-offboarding/employee-offboarding.handler';
import { GetEmployeeController } from './employees/get-employee/get-employee.http.controller';
import { GetEmployeeHandler } from './employees/get-employee/get-employee.handler';
import { HireEmployeeController } from './employees/hire-employee/hire-employee.http.controller';
import { ImportEmployeesController } from './employees/import-employees/import-employees.http.controller';
import { ImportEmployeesHandler } from './employees/import-employees/import-employees.handler';
import { ListEmployeesController } from './employees/list-employees/list-employees.http.controller';
import { ListEmployeesHandler } from './employees/list-employees/list-employees.handler';
import { RehireEmployeeController } from './employees/rehire-employee/rehire-employee.http.controller';
import { UnbindTelegramController } from './employees/unbind-telegram/unbind-telegram.http.controller';
import { UpdateEmployeeController } from './employees/update-employee/update-employee.http.controller';
import { identitySettings, IDENTITY_SETTINGS_TOKEN } from './identity.settings';
import { EMPLOYEE_WRITE_SIDE, IDENTITY_WRITE_SIDES } from './identity.write-sides';
import { CodeMailSender } from './mail/code-mail.sender';
import { OutboxHttpController } from './mail/outbox.http.controller';
import { ListChatsController } from './offboarding/list-chats/list-chats.http.controller';
import { ListChatsHandler } from './offboarding/list-chats/list-chats.handler';
import { OffboardingReportController } from './offboarding/offboarding-report/offboarding-report.http.controller';
import { OffboardingReportHandler } from './offboarding/offboarding-report/offboarding-report.handler';
import { OffboardingTasksController } from './offboarding/offboarding-tasks/offboarding-tasks.http.controller';
import { LeaseOffboardingTasksHandler, ReportOffboardingTaskHandler } from './offboarding/offboarding-tasks/offboarding-tasks.handler';
import { ReportChatController } from './offboarding/report-chat/report-chat.http.controller';
import { CancelVerificationController } from './verification/cancel-verification/cancel-verification.http.controller';
import { RequestCodeController } from './verification/request-code/request-code.http.controller';
import { RequestCodeHandler } from './verification/request-code/request-code.handler';
import { StartVerificationController } from './verification/start-verification/start-verification.http.controller';
import { SubmitCodeController } from './verification/submit-code/submit-code.http.controller';
import { SubmitCodeHandler } from './verification/submit-code/submit-code.handler';
import { TelegramLookupController } from './verification/telegram-lookup/telegram-lookup.http.controller';
import { TelegramBindingsHandler, TelegramLookupHandler } from './verification/telegram-lookup/telegram-lookup.handler';
import { VerificationStatusController } from './verification/verification-status/verification-status.http.controller';
import { VerificationStatusHandler } from './verification/verification-status/verification-status.handler';

/**
 * Identity: employees (admin API), the Telegram verification by an e-mailed
 * code, the lookup the bot makes on every update, offboarding from chats, and
 * the sender of the verification e-mails the projector queues. One folder per
 * use case; the cache (IdentityDirectory) and the roles it answers live in
 * CoreModule: every feature's guards use them.
 */
@Module({
  controllers: [
    HireEmployeeController,
    ImportEmployeesController,
    ListEmployeesController,
    GetEmployeeController,
    UpdateEmployeeController,
    DismissEmployeeController,
    RehireEmployeeController,
    UnbindTelegramController,
    EmployeeOffboardingController,
    TelegramLookupController,
    VerificationStatusController,
    StartVerificationController,
    RequestCodeController,
    SubmitCodeController,
    CancelVerificationController,
    ReportChatController,
    ListChatsController,
    OffboardingTasksController,
    OffboardingReportController,
    OutboxHttpController,
  ],
  providers: [
    { provide: IDENTITY_SETTINGS_TOKEN, useFactory: (options: ApiOptions) => identitySettings(options.identity), inject: [API_OPTIONS] },
    ...IDENTITY_WRITE_SIDES,
    RunEmployeeCommandHandler,
    ImportEmployeesHandler,
    EmployeeOffboardingHandler,
    ListEmployeesHandler,
    GetEmployeeHandler,
    TelegramLookupHandler,
    TelegramBindingsHandler,
    VerificationStatusHandler,
    RequestCodeHandler,
    SubmitCodeHandler,
    ListChatsHandler,
    LeaseOffboardingTasksHandler,
    ReportOffboardingTaskHandler,
    OffboardingReportHandler,
    CodeMailSender,
  ],
  // time logging checks entries against the employee stream (employment dates, assigned projects)
  exports: [EMPLOYEE_WRITE_SIDE],
})
export class IdentityModule {}
