import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { OffboardingReportItemView, OffboardingTaskView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../../core/problem';
import { reportItemView, returned, taskView, type TaskRow } from '../offboarding.rows';

/** How long a task handed to a bot instance is not handed to another. */
const LEASE_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 3600;

/** Due removals for the bot, leased to the caller for a minute (another bot instance does not get them meanwhile). */
export class LeaseOffboardingTasks extends Command<OffboardingTaskView[]> {
  constructor(readonly limit: number) {
    super();
  }
}

@CommandHandler(LeaseOffboardingTasks)
export class LeaseOffboardingTasksHandler implements ICommandHandler<LeaseOffboardingTasks> {
  constructor(private readonly ds: DataSource) {}

  async execute({ limit }: LeaseOffboardingTasks): Promise<OffboardingTaskView[]> {
    const rows = returned<TaskRow>(
      await this.ds.query(
        `UPDATE identity_ops.offboarding_tasks SET leased_until = now() + $2 * interval '1 second'
          WHERE task_id IN (SELECT task_id FROM identity_ops.offboarding_tasks
                             WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [limit, LEASE_SECONDS],
      ),
    );
    return rows.map(taskView);
  }
}

/** The bot reports a removal done, or failed (retried with exponential backoff until done). */
export class ReportOffboardingTask extends Command<OffboardingReportItemView> {
  constructor(
    readonly taskId: string,
    readonly outcome: 'done' | 'failed',
    readonly error?: string,
  ) {
    super();
  }
}

@CommandHandler(ReportOffboardingTask)
export class ReportOffboardingTaskHandler implements ICommandHandler<ReportOffboardingTask> {
  constructor(private readonly ds: DataSource) {}

  async execute({ taskId, outcome, error }: ReportOffboardingTask): Promise<OffboardingReportItemView> {
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
    if (rows.length) return reportItemView(rows[0]);
    // A failure reported for a task already done: answer how it stands.
    const [row]: TaskRow[] = await this.ds.query(`SELECT * FROM identity_ops.offboarding_tasks WHERE task_id = $1`, [taskId]);
    if (!row) throw problem(404, 'identity.offboarding_task_not_found', `No offboarding task ${taskId}`);
    return reportItemView(row);
  }
}
