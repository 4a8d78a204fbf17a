import { Module } from '@nestjs/common';
import { BotUpdateClaims } from './bot.handlers';
import { BotHttpController } from './bot.http.controller';

/** What the bot instances need from the API beyond the features: claiming updates (de-duplication across instances). */
@Module({
  controllers: [BotHttpController],
  providers: [BotUpdateClaims],
})
export class BotModule {}
