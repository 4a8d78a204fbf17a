import { Module } from '@nestjs/common';
import { ClaimUpdateController } from './claim-update/claim-update.http.controller';
import { ClaimUpdateHandler, HandledUpdatesHandler } from './claim-update/claim-update.handler';
import { ConversationsController } from './conversations/conversations.http.controller';
import { EndConversationHandler, GetConversationHandler, SaveConversationHandler } from './conversations/conversations.handlers';
import { FeatureSwitchesController } from './feature-switches/feature-switches.http.controller';
import { ChangeSwitchHandler, GetSwitchHandler, ListSwitchesHandler, RemoveSwitchHandler } from './feature-switches/feature-switches.handlers';
import { SendBudgetController } from './send-budget/send-budget.http.controller';
import { TakeSendBudgetHandler } from './send-budget/send-budget.handler';
import { UserSettingsController } from './user-settings/user-settings.http.controller';
import { ChooseLanguageHandler, GetUserSettingsHandler } from './user-settings/user-settings.handlers';

/**
 * What the bot instances need from the API beyond the features: claiming updates (de-duplication across instances),
 * conversation state, the users' settings, feature switches and the Telegram send budget: the bot keeps none of it in
 * memory.
 */
@Module({
  controllers: [ClaimUpdateController, ConversationsController, UserSettingsController, FeatureSwitchesController, SendBudgetController],
  providers: [
    ClaimUpdateHandler,
    HandledUpdatesHandler,
    GetConversationHandler,
    SaveConversationHandler,
    EndConversationHandler,
    GetUserSettingsHandler,
    ChooseLanguageHandler,
    ListSwitchesHandler,
    GetSwitchHandler,
    ChangeSwitchHandler,
    RemoveSwitchHandler,
    TakeSendBudgetHandler,
  ],
})
export class BotModule {}
