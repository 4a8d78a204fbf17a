import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuctionModule } from './auction/auction.module';
import { AuthModule } from './auth/auth.module';
import { BotModule } from './bot/bot.module';
import type { ApiOptions } from './core/api-options';
import { CoreModule } from './core/core.module';
import { ProblemDetailsFilter } from './core/problem-details.filter';
import { HealthController } from './health.controller';
import { CompanyModule } from './company/company.module';
import { DirectoryModule } from './directory/directory.module';
import { IdentityModule } from './identity/identity.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { KnowledgeSourcesModule } from './knowledge/knowledge-sources.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProjectionsModule } from './projections/projections.module';
import { DisplaysModule } from './rooms/displays/displays.module';
import { RoomsModule } from './rooms/rooms.module';
import { SeatingModule } from './seating/seating.module';
import { TimesheetsModule } from './timesheets/timesheets.module';

@Module({})
export class AppModule {
  static forRoot(options: ApiOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        CoreModule.forRoot(options),
        AuthModule,
        AuctionModule,
        NotificationsModule,
        BotModule,
        IdentityModule,
        DisplaysModule,
        RoomsModule,
        ProjectionsModule,
        TimesheetsModule,
        DirectoryModule,
        SeatingModule,
        CompanyModule,
        KnowledgeModule,
        KnowledgeSourcesModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
