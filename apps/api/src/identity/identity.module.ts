import { Module } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import { EmployeesHttpController } from './employees/employees.http.controller';
import { EmployeesService } from './employees/employees.service';
import { identitySettings, IDENTITY_SETTINGS_TOKEN } from './identity.settings';
import { IdentityWriteModel } from './identity.write-model';
import { CodeMailSender } from './mail/code-mail.sender';
import { OutboxHttpController } from './mail/outbox.http.controller';
import { OffboardingHttpController } from './offboarding/offboarding.http.controller';
import { OffboardingService } from './offboarding/offboarding.service';
import { VerificationHttpController } from './verification/verification.http.controller';
import { VerificationService } from './verification/verification.service';

/**
 * Identity: employees (admin API), the Telegram verification by an e-mailed
 * code, the lookup the bot makes on every update, offboarding from chats,
 * and the sender of the verification e-mails the projector queues. The cache (IdentityDirectory) and the roles it
 * answers live in CoreModule: every feature's guards use them.
 */
@Module({
  controllers: [EmployeesHttpController, VerificationHttpController, OffboardingHttpController, OutboxHttpController],
  providers: [
    { provide: IDENTITY_SETTINGS_TOKEN, useFactory: (options: ApiOptions) => identitySettings(options.identity), inject: [API_OPTIONS] },
    IdentityWriteModel,
    EmployeesService,
    VerificationService,
    OffboardingService,
    CodeMailSender,
  ],
  exports: [IdentityWriteModel, EmployeesService],
})
export class IdentityModule {}
