import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@megabot/contracts';
import { API_OPTIONS, type ApiOptions } from './api-options';
import { problem } from './problem';

export const EMPLOYEE_ROLE = 'employee';
export const ADMIN_ROLE = 'admin';
export const AUDITOR_ROLE = 'auditor';

/**
 * Who has which roles. CoreModule provides IdentityRolesService (roles of
 * active employees from identity, plus the bootstrap lists);
 * ConfiguredRolesService (the lists alone) remains for tools and tests.
 * Everything else depends on this abstract class only (it is the injection
 * token).
 */
export abstract class RolesService {
  abstract rolesOf(employeeId: string): Promise<string[]>;

  /** The acting employee with their roles at this moment (frozen into events such as LotOpened). */
  async actor(employeeId: string): Promise<Actor> {
    return { employeeId, roles: await this.rolesOf(employeeId) };
  }

  async isAdmin(employeeId: string | undefined): Promise<boolean> {
    return employeeId !== undefined && (await this.rolesOf(employeeId)).includes(ADMIN_ROLE);
  }

  /** 403 problem unless the employee is an auditor or an admin (auditors' read-only access to history). */
  async requireAuditor(employeeId: string, action: string): Promise<void> {
    const roles = await this.rolesOf(employeeId);
    if (!roles.includes(AUDITOR_ROLE) && !roles.includes(ADMIN_ROLE)) throw problem(403, 'auth.auditor_required', `Only an auditor or admin may ${action}`);
  }

  /** 403 problem unless the employee is an admin or an auditor (reading people's records). */
  async requireAdminOrAuditor(employeeId: string, action: string): Promise<void> {
    const roles = await this.rolesOf(employeeId);
    if (!roles.includes(ADMIN_ROLE) && !roles.includes(AUDITOR_ROLE)) throw problem(403, 'auth.admin_required', `Only an admin or an auditor may ${action}`);
  }

  /** 403 problem unless the employee is an admin. */
  async requireAdmin(employeeId: string, action: string): Promise<void> {
    if (!(await this.isAdmin(employeeId))) throw problem(403, 'auth.admin_required', `Only an admin may ${action}`);
  }
}

/** Roles from ADMIN_EMPLOYEE_IDS / AUDITOR_EMPLOYEE_IDS; everyone is an employee. */
@Injectable()
export class ConfiguredRolesService extends RolesService {
  private readonly admins: ReadonlySet<string>;
  private readonly auditors: ReadonlySet<string>;

  constructor(@Inject(API_OPTIONS) options: ApiOptions) {
    super();
    this.admins = new Set(options.adminEmployeeIds ?? []);
    this.auditors = new Set(options.auditorEmployeeIds ?? []);
  }

  async rolesOf(employeeId: string): Promise<string[]> {
    const roles = [EMPLOYEE_ROLE];
    if (this.admins.has(employeeId)) roles.push(ADMIN_ROLE);
    if (this.auditors.has(employeeId)) roles.push(AUDITOR_ROLE);
    return roles;
  }
}
