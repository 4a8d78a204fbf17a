import { Module } from '@nestjs/common';
import { BotUpdateClaims } from './bot.handlers';
import { BotHttpController } from './bot.http.controller';
import { BotConversationsHttpController } from './conversations/bot-conversations.http.controller';
import { BotConversations } from './conversations/bot-conversations.service';
import { FeatureSwitchesHttpController } from './feature-switches/feature-switches.http.controller';
import { FeatureSwitches } from './feature-switches/feature-switches.service';
import { BotUserSettingsHttpController } from './user-settings/bot-user-settings.http.controller';
import { BotUserSettings } from './user-settings/bot-user-settings.service';

/**
 * What the bot instances need from the API beyond the features: claiming updates (de-duplication across instances),
 * conversation state, the users' settings and feature switches: the bot keeps none of it in memory.
 */
@Module({
  controllers: [BotHttpController, BotConversationsHttpController, BotUserSettingsHttpController, FeatureSwitchesHttpController],
  providers: [BotUpdateClaims, BotConversations, BotUserSettings, FeatureSwitches],
})
export class BotModule {}
