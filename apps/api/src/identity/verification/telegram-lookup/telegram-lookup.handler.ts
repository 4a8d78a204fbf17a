import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TelegramIdentityView } from '@megabot/contracts';
import { problem } from '../../../core/problem';
import { IdentityDirectory } from '../../identity.directory';

/** Who a Telegram account acts as: the active employee bound to it (the bot learns it with each update's claim; answered from the directory's cache). */
export class TelegramLookupQuery extends Query<TelegramIdentityView> {
  constructor(readonly telegramUserId: number) {
    super();
  }
}

@QueryHandler(TelegramLookupQuery)
export class TelegramLookupHandler implements IQueryHandler<TelegramLookupQuery> {
  constructor(private readonly directory: IdentityDirectory) {}

  async execute({ telegramUserId }: TelegramLookupQuery): Promise<TelegramIdentityView> {
    const view = await this.directory.byTelegram(telegramUserId);
    if (!view) throw problem(404, 'identity.telegram_not_bound', 'This Telegram account is not bound to an employee');
    return view;
  }
}

/** Every active employee with a bound Telegram account. */
export class TelegramBindingsQuery extends Query<{ items: { employeeId: string; telegramUserId: number }[] }> {}

@QueryHandler(TelegramBindingsQuery)
export class TelegramBindingsHandler implements IQueryHandler<TelegramBindingsQuery> {
  constructor(private readonly directory: IdentityDirectory) {}

  async execute() {
    return { items: await this.directory.activeBindings() };
  }
}
