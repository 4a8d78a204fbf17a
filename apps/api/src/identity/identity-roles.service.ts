import { Inject, Injectable } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import { ADMIN_ROLE, AUDITOR_ROLE, RolesService } from '../core/roles.service';
import { IdentityDirectory } from './identity.directory';

const ORDER = ['employee', ADMIN_ROLE, AUDITOR_ROLE];

/**
 * Roles from identity: an active employee has the roles the admins gave them;
 * a dismissed one has none. Unknown ids have none either.
 *
 * Bootstrap: ADMIN_EMPLOYEE_IDS / AUDITOR_EMPLOYEE_IDS add their role (and
 * `employee`) to the listed ids whatever identity says - unless the employee
 * is dismissed. That is how the first admin exists before any employee does
 * (they hire everyone else, themselves included); afterwards the lists may
 * be emptied.
 */
@Injectable()
export class IdentityRolesService extends RolesService {
  private readonly admins: ReadonlySet<string>;
  private readonly auditors: ReadonlySet<string>;

  constructor(
    private readonly directory: IdentityDirectory,
    @Inject(API_OPTIONS) options: ApiOptions,
  ) {
    super();
    this.admins = new Set(options.adminEmployeeIds ?? []);
    this.auditors = new Set(options.auditorEmployeeIds ?? []);
  }

  async rolesOf(employeeId: string): Promise<string[]> {
    const row = await this.directory.employee(employeeId);
    if (row?.status === 'dismissed') return [];
    const roles = new Set<string>(row ? row.roles : []);
    if (this.admins.has(employeeId)) roles.add('employee').add(ADMIN_ROLE);
    if (this.auditors.has(employeeId)) roles.add('employee').add(AUDITOR_ROLE);
    return ORDER.filter((r) => roles.has(r));
  }
}
