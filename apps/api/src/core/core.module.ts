import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createEventStore, type EventStore } from '@megabot/event-store';
import { readModelDataSourceOptions } from '@megabot/read-model';
import { API_OPTIONS, EVENT_STORE, type ApiOptions } from './api-options';
import { DatabaseNotifications } from './database-notifications';
import { ReadModelProgress } from './read-model-progress.service';
import { IdentityDirectory } from '../identity/identity.directory';
import { IdentityRolesService } from '../identity/identity-roles.service';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access/access.guard';
import { InputLimitsGuard } from './input/input-limits.guard';
import { BotCredentials } from './access/bot-credentials';
import { PersonalTokens } from './access/personal-tokens';
import { Sessions } from './access/sessions';
import { AuditKeys } from './audit-keys';
import { RolesService } from './roles.service';
import { ExecuteCommandHandler, WriteSides } from './write-side';

/** Infrastructure every feature module uses: options, event store, the write sides, read-model database, read-your-writes. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: ApiOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({
          ...readModelDataSourceOptions(options.databaseUrl, { poolSize: options.dbPoolSize, applicationName: 'megabot-api' }),
        }),
      ],
      providers: [
        { provide: API_OPTIONS, useValue: options },
        {
          provide: EVENT_STORE,
          useFactory: () => createEventStore({ eventStoreUrl: options.eventStoreUrl, databaseUrl: options.databaseUrl, poolSize: options.dbPoolSize }),
        },
        DatabaseNotifications,
        ReadModelProgress,
        AuditKeys,
        WriteSides,
        ExecuteCommandHandler,
        // Roles come from identity (ADMIN_EMPLOYEE_IDS / AUDITOR_EMPLOYEE_IDS still add theirs: the bootstrap admin).
        IdentityDirectory,
        { provide: RolesService, useClass: IdentityRolesService },
        // The trust boundary: every request is authenticated and its route's policy decides (default deny).
        BotCredentials,
        Sessions,
        PersonalTokens,
        { provide: APP_GUARD, useClass: AccessGuard },
        // after the AccessGuard: an unknown caller is refused before its input is looked at
        { provide: APP_GUARD, useClass: InputLimitsGuard },
      ],
      exports: [
        API_OPTIONS,
        EVENT_STORE,
        DatabaseNotifications,
        ReadModelProgress,
        AuditKeys,
        WriteSides,
        RolesService,
        IdentityDirectory,
        BotCredentials,
        Sessions,
        PersonalTokens,
      ],
    };
  }

  async onApplicationShutdown() {
    await this.store.close();
  }
}
