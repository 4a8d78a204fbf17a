import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { employeeStreamId, type EmployeeDismissed, type EmployeeOffboardingView } from '@megabot/contracts';
import type { EventStore, RecordedEvent } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../../../core/api-options';
import { problem } from '../../../core/problem';
import { IdentityDirectory } from '../../identity.directory';
import { reportItemView, type TaskRow } from '../../offboarding/offboarding.rows';

const PAGE = 200;

/** One employee's last dismissal and the removals from chats it caused. */
export class EmployeeOffboardingQuery extends Query<EmployeeOffboardingView> {
  constructor(readonly employeeId: string) {
    super();
  }
}

/**
 * What a dismissal did comes from the employee's stream (the event says which roles were revoked and which Telegram
 * account was unbound - the read model keeps neither once the employee is dismissed); the removals from chats are the
 * offboarding tasks the projector created for that very event.
 */
@QueryHandler(EmployeeOffboardingQuery)
export class EmployeeOffboardingHandler implements IQueryHandler<EmployeeOffboardingQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: IdentityDirectory,
    private readonly ds: DataSource,
  ) {}

  async execute({ employeeId }: EmployeeOffboardingQuery): Promise<EmployeeOffboardingView> {
    const employee = await this.directory.employeeView(employeeId);
    if (!employee) throw problem(404, 'identity.employee_not_found', `Employee ${employeeId} does not exist`);
    let last: RecordedEvent<EmployeeDismissed['data']> | undefined;
    for (let from = 0n; ; from += BigInt(PAGE)) {
      const page = await this.store.readStream(employeeStreamId(employeeId), { fromRevision: from, maxCount: PAGE });
      for (const e of page) if (e.type === 'EmployeeDismissed') last = e as RecordedEvent<EmployeeDismissed['data']>;
      if (page.length < PAGE) break;
    }
    const removals: TaskRow[] = last
      ? await this.ds.query(`SELECT * FROM identity_ops.offboarding_tasks WHERE dismissal_event_id = $1 ORDER BY chat_title, chat_id`, [last.id])
      : [];
    const d = last?.data;
    return {
      employeeId,
      fullName: employee.fullName,
      status: employee.status,
      dismissal: d
        ? { dismissedAt: d.dismissedAt, dismissedBy: d.dismissedBy, reason: d.reason, revokedRoles: d.revokedRoles, telegramUserId: d.telegramUserId }
        : null,
      removals: removals.map(reportItemView),
    };
  }
}
