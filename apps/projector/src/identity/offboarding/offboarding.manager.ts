import type { EmployeeDismissed, TelegramUnbound } from '@megabot/contracts';
import type { EventStore, RecordedEvent } from '@megabot/event-store';
import { LogReactor, type ReactorSql } from '@megabot/read-model';
import type { DataSource } from 'typeorm';

export interface OffboardingOptions {
  log?: (message: string) => void;
  /** Schema of the identity projection (the administered chats). */
  schema?: string;
}

/**
 * Offboarding process manager: for every EmployeeDismissed whose employee had
 * a Telegram account bound, one removal task per chat the bot administers
 * with the right to ban (identity.chats). The bot executes the tasks (ban,
 * then unban only_if_banned so a rehired employee can rejoin) and reports
 * back through the API, which retries failures with backoff and lists what
 * could not be done for admins.
 *
 * It also leaves a notice for every Telegram account that lost its binding
 * (replaced by a new account, unbound by an admin, dismissed): the bot tells
 * the account so (identity_ops.telegram_notices, delivered once).
 *
 * The tasks live in identity_ops with the manager's own checkpoint: a
 * projection rebuild never creates them again, and (dismissal event, chat) is
 * unique, so a replay adds nothing.
 */
export class OffboardingManager {
  readonly name = 'identity-offboarding';
  private readonly reactor: LogReactor;

  constructor(store: EventStore, ds: DataSource, options: OffboardingOptions = {}) {
    const schema = options.schema ?? 'identity';
    this.reactor = new LogReactor(store, ds, {
      name: this.name,
      log: options.log,
      handles: (type) => type === 'EmployeeDismissed' || type === 'TelegramUnbound',
      handle: async (events, sql) => {
        await createTasks(events.filter((e) => e.type === 'EmployeeDismissed') as RecordedEvent<EmployeeDismissed['data']>[], sql, schema);
        await createNotices(events.filter((e) => e.type === 'TelegramUnbound') as RecordedEvent<TelegramUnbound['data']>[], sql);
      },
    });
  }

  start(): void {
    this.reactor.start();
  }

  stop(): Promise<void> {
    return this.reactor.stop();
  }
}

async function createTasks(events: RecordedEvent<EmployeeDismissed['data']>[], sql: ReactorSql, schema: string): Promise<void> {
  for (const e of events) {
    const { employeeId, telegramUserId } = e.data;
    if (telegramUserId === null) continue;
    await sql.query(
      `INSERT INTO identity_ops.offboarding_tasks (task_id, dismissal_event_id, employee_id, telegram_user_id, chat_id, chat_title)
       SELECT md5($1 || ':' || c.chat_id), $1::uuid, $2, $3, c.chat_id, c.title
         FROM ${schema}.chats c
        WHERE c.bot_status IN ('administrator', 'creator') AND c.can_restrict AND c.type IN ('group', 'supergroup')
       ON CONFLICT (dismissal_event_id, chat_id) DO NOTHING`,
      [e.id, employeeId, telegramUserId],
    );
  }
}

// 'self' and 'bound_elsewhere': the account itself just acted in the bot and was answered there.
const NOTICE_REASONS = new Set(['rebound', 'admin', 'dismissed']);

async function createNotices(events: RecordedEvent<TelegramUnbound['data']>[], sql: ReactorSql): Promise<void> {
  for (const e of events) {
    if (!NOTICE_REASONS.has(e.data.reason)) continue;
    await sql.query(
      `INSERT INTO identity_ops.telegram_notices (event_id, telegram_user_id, employee_id, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
      [e.id, e.data.telegramUserId, e.data.employeeId, e.data.reason],
    );
  }
}
