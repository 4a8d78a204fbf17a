import type { EmployeeRole } from '@megabot/contracts';
import type { EmployeeAccessView } from '@megabot/contracts';
import type { EmployeeState } from './employee.decider';
import { clearanceRank } from './identity.rules';

/**
 * The access attributes of an employee: what API guards (roles), the
 * knowledge ABAC filter (department, office, clearance, projects) and
 * auditors decide on. null when there is no such employee.
 *
 * A dismissed employee is `active: false` with no roles (they were revoked);
 * the attributes are kept as they were, for the record - every consumer must
 * refuse an inactive employee before looking at them (employeeHasRole does).
 */
export function accessOf(state: EmployeeState): EmployeeAccessView | null {
  if (state.status === 'none') return null;
  const r = state.record;
  const active = state.status === 'active';
  return {
    employeeId: state.employeeId,
    active,
    roles: active ? [...r.roles] : [],
    attributes: {
      department: r.department,
      office: r.office,
      clearance: r.clearance,
      clearanceRank: clearanceRank(r.clearance),
      projects: [...r.projects],
    },
  };
}

/** An active employee with the role. */
export function employeeHasRole(access: EmployeeAccessView | null, role: EmployeeRole): boolean {
  return !!access && access.active && access.roles.includes(role);
}
