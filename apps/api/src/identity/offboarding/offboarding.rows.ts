import type { OffboardingReportItemView, OffboardingTaskView } from '@megabot/contracts';

/** A removal of a dismissed employee from a chat, as `identity_ops.offboarding_tasks` keeps it (created by the projector's offboarding manager). */
export interface TaskRow {
  task_id: string;
  employee_id: string;
  telegram_user_id: string;
  chat_id: string;
  chat_title: string;
  attempts: number;
  status: 'pending' | 'done';
  last_error: string | null;
  next_attempt_at: Date | null;
  leased_until: Date | null;
  lease_token: string | null;
  created_at: Date;
  done_at: Date | null;
}

/** TypeORM answers an UPDATE … RETURNING on Postgres with [rows, affected count]. */
export function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
}

export const taskView = (r: TaskRow): OffboardingTaskView => ({
  taskId: r.task_id,
  employeeId: r.employee_id,
  telegramUserId: Number(r.telegram_user_id),
  chatId: Number(r.chat_id),
  chatTitle: r.chat_title,
  attempts: r.attempts,
});

export const reportItemView = (r: TaskRow): OffboardingReportItemView => ({
  ...taskView(r),
  status: r.status,
  lastError: r.last_error,
  nextAttemptAt: r.status === 'pending' && r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
  doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
});
