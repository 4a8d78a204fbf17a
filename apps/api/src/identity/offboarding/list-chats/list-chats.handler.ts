import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

export interface BotChatView {
  chatId: number;
  title: string;
  type: string;
  botStatus: string;
  canRestrictMembers: boolean;
  changedAt: string;
}

/** The chats the bot is (or was) in, with its status there. */
export class ListChatsQuery extends Query<BotChatView[]> {}

@QueryHandler(ListChatsQuery)
export class ListChatsHandler implements IQueryHandler<ListChatsQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute(): Promise<BotChatView[]> {
    const rows: { chat_id: string; title: string; type: string; bot_status: string; can_restrict: boolean; changed_at: Date }[] = await this.ds.query(
      `SELECT chat_id, title, type, bot_status, can_restrict, changed_at FROM identity.chats ORDER BY title`,
    );
    return rows.map((r) => ({
      chatId: Number(r.chat_id),
      title: r.title,
      type: r.type,
      botStatus: r.bot_status,
      canRestrictMembers: r.can_restrict,
      changedAt: new Date(r.changed_at).toISOString(),
    }));
  }
}
