import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { OffboardingReportItemView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { reportItemView, type TaskRow } from '../offboarding.rows';

/** For admins: every removal not done yet (with the last error), newest dismissals first; `all` adds the done ones. */
export class OffboardingReportQuery extends Query<{ open: number; items: OffboardingReportItemView[] }> {
  constructor(readonly all: boolean) {
    super();
  }
}

@QueryHandler(OffboardingReportQuery)
export class OffboardingReportHandler implements IQueryHandler<OffboardingReportQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ all }: OffboardingReportQuery) {
    const rows: TaskRow[] = await this.ds.query(
      `SELECT * FROM identity_ops.offboarding_tasks ${all ? '' : `WHERE status = 'pending'`} ORDER BY created_at DESC, chat_title LIMIT 1000`,
    );
    const [{ open }] = await this.ds.query(`SELECT count(*)::int AS open FROM identity_ops.offboarding_tasks WHERE status = 'pending'`);
    return { open, items: rows.map(reportItemView) };
  }
}
