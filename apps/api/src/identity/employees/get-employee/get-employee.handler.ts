import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EmployeeAccessView, EmployeeView } from '@megabot/contracts';
import { problem } from '../../../core/problem';
import { IdentityDirectory } from '../../identity.directory';

/** One employee's record, or (`access`) the roles and attributes guards and ABAC decide by. */
export class GetEmployeeQuery extends Query<EmployeeView | EmployeeAccessView> {
  constructor(
    readonly employeeId: string,
    readonly part: 'record' | 'access',
  ) {
    super();
  }
}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler implements IQueryHandler<GetEmployeeQuery> {
  constructor(private readonly directory: IdentityDirectory) {}

  async execute({ employeeId, part }: GetEmployeeQuery): Promise<EmployeeView | EmployeeAccessView> {
    const view = part === 'record' ? await this.directory.employeeView(employeeId) : await this.directory.access(employeeId);
    if (!view) throw problem(404, 'identity.employee_not_found', `Employee ${employeeId} does not exist`);
    return view;
  }
}
