import { Inject, Injectable } from '@nestjs/common';
import {
  formatPosition,
  telegramChatStreamId,
  type OffboardingReportItemView,
  type OffboardingTaskView,
  type ReportBotChatMembershipDto,
} from '@megabot/contracts';
import { eventIdFor, type EventStore } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../../core/api-options';
import { problem } from '../../core/problem';

/** How long a task handed to a bot instance is not handed to another. */
const LEASE_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 3600;

interface TaskRow {
  task_id: string;
  employee_id: string;
  telegram_user_id: string;
  chat_id: string;
  chat_title: string;
  attempts: number;
  status: 'pending' | 'done';
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  done_at: Date | null;
}

/** TypeORM answers an UPDATE … RETURNING on Postgres with [rows, affected count]. */
function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
}

const taskView = (r: TaskRow): OffboardingTaskView => ({
  taskId: r.task_id,
  employeeId: r.employee_id,
  telegramUserId: Number(r.telegram_user_id),
  chatId: Number(r.chat_id),
  chatTitle: r.chat_title,
  attempts: r.attempts,
});

/**
 * The chats the bot administers (recorded as BotChatMembershipChanged events
 * from its my_chat_member reports) and the offboarding tasks the bot executes
 * (created by the projector's offboarding manager). A failed removal is retried
 * with exponential backoff until it is done; admins read what is still open.
 */
@Injectable()
export class OffboardingService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ds: DataSource,
  ) {}

  async reportChat(body: ReportBotChatMembershipDto, commandId: string) {
    const changedAt = body.date ? new Date(body.date * 1000).toISOString() : new Date().toISOString();
    const result = await this.store.append(
      telegramChatStreamId(body.chatId),
      [
        {
          id: eventIdFor(commandId, 0),
          type: 'BotChatMembershipChanged',
          data: { chatId: body.chatId, title: body.title, chatType: body.chatType, status: body.status, canRestrictMembers: body.canRestrictMembers, changedAt },
          metadata: { commandId, occurredAt: new Date().toISOString(), schemaVersion: 1 },
        },
      ],
      'any',
    );
    return { streamId: telegramChatStreamId(body.chatId), revision: Number(result.nextExpectedRevision), position: formatPosition(result.position), duplicate: result.duplicate };
  }

  async chats() {
    const rows = await this.ds.query(`SELECT chat_id, title, type, bot_status, can_restrict, changed_at FROM identity.chats ORDER BY title`);
    return rows.map((r: { chat_id: string; title: string; type: string; bot_status: string; can_restrict: boolean; changed_at: Date }) => ({
      chatId: Number(r.chat_id),
      title: r.title,
      type: r.type,
      botStatus: r.bot_status,
      canRestrictMembers: r.can_restrict,
      changedAt: new Date(r.changed_at).toISOString(),
    }));
  }

  /** Due tasks, leased to the caller for a minute (another bot instance does not get them meanwhile). */
  async due(limit = 20): Promise<OffboardingTaskView[]> {
    const rows = returned<TaskRow>(await this.ds.query(
      `UPDATE identity_ops.offboarding_tasks SET leased_until = now() + $2 * interval '1 second'
        WHERE task_id IN (SELECT task_id FROM identity_ops.offboarding_tasks
                           WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [limit, LEASE_SECONDS],
    ));
    return rows.map(taskView);
  }

  async report(taskId: string, outcome: 'done' | 'failed', error?: string) {
    const rows = returned<TaskRow>(
      outcome === 'done'
        ? await this.ds.query(
            `UPDATE identity_ops.offboarding_tasks SET status = 'done', done_at = COALESCE(done_at, now()), attempts = attempts + CASE WHEN status = 'done' THEN 0 ELSE 1 END,
                    last_error = NULL, leased_until = NULL WHERE task_id = $1 RETURNING *`,
            [taskId],
          )
        : await this.ds.query(
            `UPDATE identity_ops.offboarding_tasks SET attempts = attempts + 1, last_error = $2, leased_until = NULL,
                    next_attempt_at = now() + LEAST($3, 5 * power(2, attempts)) * interval '1 second'
              WHERE task_id = $1 AND status = 'pending' RETURNING *`,
            [taskId, (error ?? 'unknown error').slice(0, 1000), MAX_BACKOFF_SECONDS],
          ),
    );
    if (!rows.length) {
      const exists = await this.ds.query(`SELECT status FROM identity_ops.offboarding_tasks WHERE task_id = $1`, [taskId]);
      if (!exists.length) throw problem(404, 'identity.offboarding_task_not_found', `No offboarding task ${taskId}`);
      return this.item((await this.ds.query(`SELECT * FROM identity_ops.offboarding_tasks WHERE task_id = $1`, [taskId]))[0]);
    }
    return this.item(rows[0]);
  }

  /** For admins: every removal not done yet (with the last error), newest dismissals first; `all` adds the done ones. */
  async adminReport(all: boolean): Promise<{ open: number; items: OffboardingReportItemView[] }> {
    const rows: TaskRow[] = await this.ds.query(
      `SELECT * FROM identity_ops.offboarding_tasks ${all ? '' : `WHERE status = 'pending'`} ORDER BY created_at DESC, chat_title LIMIT 1000`,
    );
    const [{ open }] = await this.ds.query(`SELECT count(*)::int AS open FROM identity_ops.offboarding_tasks WHERE status = 'pending'`);
    return { open, items: rows.map((r) => this.item(r)) };
  }

  private item(r: TaskRow): OffboardingReportItemView {
    return {
      ...taskView(r),
      status: r.status,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' && r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
      createdAt: new Date(r.created_at).toISOString(),
      doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
    };
  }
}
