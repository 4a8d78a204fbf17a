import { EMPLOYEE_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { ChatRow, EmployeeRow, IDENTITY_CHANGES_CHANNEL, TelegramBindingRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveBinding, evolveChat, evolveEmployee, telegramAccountOf } from './identity.fold';

const CHAT_CHANGED = 'BotChatMembershipChanged';
const HANDLED = new Set<string>([...EMPLOYEE_EVENT_TYPES, CHAT_CHANGED]);

/**
 * The identity read model: employees (profile, roles, ABAC attributes,
 * employment status, bound Telegram account), the Telegram bindings the bot
 * looks users up by, and the chats the bot administers. A batch loads the
 * rows it touches, folds with identity.fold and writes one statement per
 * table. Verification events are not projected: what a user may see of a
 * verification is computed by the API from its stream.
 *
 * Every batch announces the employees and accounts it changed on
 * IDENTITY_CHANGES_CHANNEL from inside the transaction: Postgres delivers the
 * notification at commit, exactly when the rows become visible, so the API's
 * cache never re-reads a stale row after the notice.
 */
export class IdentityProjection implements Projection {
  readonly name = 'identity';
  readonly schema = 'identity';

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const chatEvents = events.filter((e) => e.type === CHAT_CHANGED);
    const employeeEvents = events.filter((e) => e.type !== CHAT_CHANGED);
    const employees = await tables.load(
      EmployeeRow,
      employeeEvents.map((e) => (e.data as { employeeId: string }).employeeId),
    );
    const bindings = await tables.load(
      TelegramBindingRow,
      employeeEvents.map(telegramAccountOf).filter((t) => t !== undefined),
    );
    const chats = await tables.load(
      ChatRow,
      chatEvents.map((e) => (e.data as { chatId: number }).chatId),
    );
    const accounts = new Set<number>();

    for (const event of employeeEvents) {
      const { before, after } = employees.fold((event.data as { employeeId: string }).employeeId, event, evolveEmployee);
      if (after === before) continue; // unknown employee, or applied before
      const account = telegramAccountOf(event);
      if (account === undefined) continue;
      accounts.add(account);
      bindings.fold(account, event, evolveBinding);
    }
    for (const event of chatEvents) chats.fold((event.data as { chatId: number }).chatId, event, evolveChat);

    const changed = employees.changed();
    await tables.upsert(EmployeeRow, changed, { newerBy: 'revision' });
    await tables.delete(TelegramBindingRow, bindings.deleted());
    await tables.upsert(TelegramBindingRow, bindings.changed());
    await tables.upsert(ChatRow, chats.changed(), { newerBy: 'revision' });
    if (changed.length || accounts.size) {
      const payload = JSON.stringify({ e: changed.map((r) => r.employee_id), t: [...accounts] });
      await tables.query('SELECT pg_notify($1, $2)', [IDENTITY_CHANGES_CHANNEL, payload.length < 7900 ? payload : '*']);
    }
  }
}
