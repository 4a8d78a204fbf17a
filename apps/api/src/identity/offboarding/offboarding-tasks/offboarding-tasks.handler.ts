import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LeasedOffboardingTaskView, OffboardingReportItemView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../../core/problem';
import { reportItemView, returned, taskView, type TaskRow } from '../offboarding.rows';

/** How long a task handed to a bot instance is not handed to another. */
const LEASE_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 3600;

/** Due removals for the bot, leased to the caller for a minute (another bot instance does not get them meanwhile). */
export class LeaseOffboardingTasks extends Command<LeasedOffboardingTaskView[]> {
  constructor(readonly limit: number) {
    super();
  }
}

@CommandHandler(LeaseOffboardingTasks)
export class LeaseOffboardingTasksHandler implements ICommandHandler<LeaseOffboardingTasks> {
  constructor(private readonly ds: DataSource) {}

  async execute({ limit }: LeaseOffboardingTasks): Promise<LeasedOffboardingTaskView[]> {
    const rows = returned<TaskRow>(
      await this.ds.query(
        `UPDATE identity_ops.offboarding_tasks SET leased_until = now() + $2 * interval '1 second', lease_token = md5(random()::text || clock_timestamp()::text || task_id)
          WHERE task_id IN (SELECT task_id FROM identity_ops.offboarding_tasks
                             WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [limit, LEASE_SECONDS],
      ),
    );
    return rows.map((r) => ({ ...taskView(r), leaseToken: r.lease_token! }));
  }
}

/** The bot reports a removal done, or failed (retried with exponential backoff until done). */
export class ReportOffboardingTask extends Command<OffboardingReportItemView> {
  constructor(
    readonly taskId: string,
    readonly leaseToken: string,
    readonly outcome: 'done' | 'failed',
    readonly error?: string,
  ) {
    super();
  }
}

@CommandHandler(ReportOffboardingTask)
export class ReportOffboardingTaskHandler implements ICommandHandler<ReportOffboardingTask> {
  constructor(private readonly ds: DataSource) {}

  async execute({ taskId, leaseToken, outcome, error }: ReportOffboardingTask): Promise<OffboardingReportItemView> {
    // Only the instance that holds the lease reports: "done" from anyone else would leave a dismissed employee in the chat.
    const [held]: TaskRow[] = await this.ds.query(`SELECT * FROM identity_ops.offboarding_tasks WHERE task_id = $1`, [taskId]);
    if (!held) throw problem(404, 'identity.offboarding_task_not_found', `No offboarding task ${taskId}`);
    if (held.status === 'done') return reportItemView(held);
    if (held.lease_token !== leaseToken || !held.leased_until || new Date(held.leased_until).getTime() <= Date.now()) {
      throw problem(
        409,
        'identity.offboarding_lease_lost',
        'This task is not leased to you (the lease expired or another instance holds it): take it again from the task list',
      );
    }
    const rows = returned<TaskRow>(
      outcome === 'done'
        ? await this.ds.query(
            `UPDATE identity_ops.offboarding_tasks SET status = 'done', done_at = COALESCE(done_at, now()), attempts = attempts + CASE WHEN status = 'done' THEN 0 ELSE 1 END,
                    last_error = NULL, leased_until = NULL, lease_token = NULL WHERE task_id = $1 AND lease_token = $2 RETURNING *`,
            [taskId, leaseToken],
          )
        : await this.ds.query(
            `UPDATE identity_ops.offboarding_tasks SET attempts = attempts + 1, last_error = $2, leased_until = NULL, lease_token = NULL,
                    next_attempt_at = now() + LEAST($3, 5 * power(2, attempts)) * interval '1 second'
              WHERE task_id = $1 AND status = 'pending' AND lease_token = $4 RETURNING *`,
            [taskId, (error ?? 'unknown error').slice(0, 1000), MAX_BACKOFF_SECONDS, leaseToken],
          ),
    );
    if (rows.length) return reportItemView(rows[0]);
    // Another report (a retry of this one) settled it in between: answer how it stands.
    const [row]: TaskRow[] = await this.ds.query(`SELECT * FROM identity_ops.offboarding_tasks WHERE task_id = $1`, [taskId]);
    if (!row) throw problem(404, 'identity.offboarding_task_not_found', `No offboarding task ${taskId}`);
    return reportItemView(row);
  }
}
