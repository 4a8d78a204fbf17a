import {
  EMPLOYEE_EVENT_TYPES,
  type BotChatMembershipChanged,
  type EmployeeEvent,
  type EmployeeRecord,
} from '@megabot/contracts';
import { IDENTITY_CHANGES_CHANNEL } from '@megabot/read-model';
import type { RecordedEvent } from '@megabot/event-store';
import type { Projection, Sql } from '../projection';

const HANDLED = new Set<string>([...EMPLOYEE_EVENT_TYPES, 'BotChatMembershipChanged']);

const RECORD_COLUMNS: Record<keyof EmployeeRecord, string> = {
  fullName: 'full_name',
  email: 'email',
  department: 'department',
  position: 'position',
  office: 'office',
  managerId: 'manager_id',
  roles: 'roles',
  clearance: 'clearance',
  projects: 'projects',
};

/**
 * The identity read model: employees (profile, roles, ABAC attributes,
 * employment status, bound Telegram account), the Telegram bindings the bot
 * looks users up by, and the chats the bot administers.
 *
 * Employee rows carry the last applied stream revision and every event at or
 * below it is skipped, so replaying a batch changes nothing. Verification
 * events are not projected: what a user may see of a verification is computed
 * by the API from its stream.
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

  async apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void> {
    const employees = new Set<string>();
    const accounts = new Set<number>();
    for (const recorded of events) {
      if (recorded.type === 'BotChatMembershipChanged') {
        await this.chat(recorded as RecordedEvent<BotChatMembershipChanged['data']>, sql, schema);
        continue;
      }
      const e = { type: recorded.type, data: recorded.data } as EmployeeEvent;
      const id = e.data.employeeId;
      const revision = recorded.revision.toString();
      const at = recorded.recordedAt.toISOString();
      employees.add(id);
      if (e.type === 'EmployeeHired') {
        const d = e.data;
        await sql.query(
          `INSERT INTO ${schema}.employees (employee_id, full_name, email, department, position, office, manager_id, roles, clearance, projects, status, hired_at, revision, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $13) ON CONFLICT (employee_id) DO NOTHING`,
          [id, d.fullName, d.email, d.department, d.position, d.office, d.managerId, d.roles, d.clearance, d.projects, d.hiredAt, revision, at],
        );
        continue;
      }
      // Applied already (a replay): the row's revision is at or past this event.
      const rows: { revision: string; telegram_user_id: string | null }[] = await sql.query(
        `SELECT revision, telegram_user_id FROM ${schema}.employees WHERE employee_id = $1 FOR UPDATE`,
        [id],
      );
      if (!rows.length || BigInt(rows[0].revision) >= recorded.revision) continue;
      const set = async (assignments: string, params: unknown[]) =>
        sql.query(`UPDATE ${schema}.employees SET ${assignments}, revision = $2, updated_at = $3 WHERE employee_id = $1`, [id, revision, at, ...params]);
      switch (e.type) {
        case 'EmployeeUpdated': {
          const changes = Object.entries(e.data.changes) as [keyof EmployeeRecord, unknown][];
          if (!changes.length) {
            await set('status = status', []);
            break;
          }
          await set(changes.map(([field], i) => `${RECORD_COLUMNS[field]} = $${i + 4}`).join(', '), changes.map(([, v]) => v));
          break;
        }
        case 'EmployeeDismissed':
          await set(`status = 'dismissed', dismissed_at = $4, dismiss_reason = $5, roles = '{}'`, [e.data.dismissedAt, e.data.reason]);
          break;
        case 'EmployeeRehired': {
          const d = e.data;
          await set(
            `status = 'active', dismissed_at = NULL, dismiss_reason = NULL, full_name = $4, email = $5, department = $6, position = $7, office = $8,
             manager_id = $9, roles = $10, clearance = $11, projects = $12, hired_at = $13, employments = employments + 1, telegram_user_id = NULL, telegram_bound_at = NULL`,
            [d.fullName, d.email, d.department, d.position, d.office, d.managerId, d.roles, d.clearance, d.projects, d.rehiredAt],
          );
          break;
        }
        case 'TelegramBound': {
          const d = e.data;
          accounts.add(d.telegramUserId);
          await set(`telegram_user_id = $4, telegram_bound_at = $5`, [d.telegramUserId, d.boundAt]);
          // An account acts as one employee: the newest binding wins the lookup.
          await sql.query(
            `INSERT INTO ${schema}.telegram_bindings (telegram_user_id, employee_id, bound_at) VALUES ($1, $2, $3)
             ON CONFLICT (telegram_user_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, bound_at = EXCLUDED.bound_at`,
            [d.telegramUserId, id, d.boundAt],
          );
          break;
        }
        case 'TelegramUnbound': {
          const d = e.data;
          accounts.add(d.telegramUserId);
          await set(`telegram_user_id = CASE WHEN telegram_user_id = $4 THEN NULL ELSE telegram_user_id END,
                     telegram_bound_at = CASE WHEN telegram_user_id = $4 THEN NULL ELSE telegram_bound_at END`, [d.telegramUserId]);
          await sql.query(`DELETE FROM ${schema}.telegram_bindings WHERE telegram_user_id = $1 AND employee_id = $2`, [d.telegramUserId, id]);
          break;
        }
      }
    }
    if (employees.size || accounts.size) {
      const payload = JSON.stringify({ e: [...employees], t: [...accounts] });
      await sql.query('SELECT pg_notify($1, $2)', [IDENTITY_CHANGES_CHANNEL, payload.length < 7900 ? payload : '*']);
    }
  }

  private async chat(recorded: RecordedEvent<BotChatMembershipChanged['data']>, sql: Sql, schema: string) {
    const d = recorded.data;
    await sql.query(
      `INSERT INTO ${schema}.chats (chat_id, title, type, bot_status, can_restrict, changed_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (chat_id) DO UPDATE SET title = EXCLUDED.title, type = EXCLUDED.type, bot_status = EXCLUDED.bot_status,
         can_restrict = EXCLUDED.can_restrict, changed_at = EXCLUDED.changed_at, revision = EXCLUDED.revision
       WHERE ${schema}.chats.revision < EXCLUDED.revision`,
      [d.chatId, d.title, d.chatType, d.status, d.canRestrictMembers, d.changedAt, recorded.revision.toString()],
    );
  }
}
