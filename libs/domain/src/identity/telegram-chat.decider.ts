import { telegramChatStreamId, type BotChatMembershipChanged, type BotChatStatus } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';

/**
 * A chat the bot is in (stream `telegram-chat-<chatId>`), as the bot reports
 * its my_chat_member updates: the chats it administers are where dismissed
 * employees are removed from. Every report is recorded; the read model keeps
 * the latest status.
 */
export interface ReportBotChatMembership {
  type: 'ReportBotChatMembership';
  chatId: number;
  title: string;
  chatType: string;
  status: BotChatStatus;
  canRestrictMembers: boolean;
  /** When Telegram says the membership changed (the update's date), else when it was reported. */
  changedAt?: string;
}

export type TelegramChatState = { status: BotChatStatus | 'unknown' };

export const telegramChatDecider: Decider<ReportBotChatMembership, BotChatMembershipChanged, TelegramChatState> = {
  initialState: { status: 'unknown' },
  evolve: (_state, event) => ({ status: event.data.status }),
  decide: (_state, c, now) => [
    {
      type: 'BotChatMembershipChanged',
      data: {
        chatId: c.chatId,
        title: c.title,
        chatType: c.chatType,
        status: c.status,
        canRestrictMembers: c.canRestrictMembers,
        changedAt: c.changedAt ?? now.toISOString(),
      },
    },
  ],
};

export const telegramChatWriteSide: WriteSideDefinition<ReportBotChatMembership, BotChatMembershipChanged, TelegramChatState> = {
  name: 'identity.telegram-chat',
  decider: telegramChatDecider,
  streamOf: (command) => telegramChatStreamId(command.chatId),
  schemaVersionOf: versionsFrom({}),
};
