import { CLEARANCE_LEVELS, type ClearanceLevel, type EmployeeAccessView, type EmployeeRole, type EmployeeView } from '@megabot/contracts';

/**
 * Channel on which the identity projection announces, from inside its
 * transaction (so delivered exactly at commit), which employees and Telegram
 * accounts changed: `{"e":[employee ids],"t":[telegram ids]}` or `*` (reload
 * everything). The API's identity cache drops those entries.
 */
export const IDENTITY_CHANGES_CHANNEL = 'megabot_identity';

/** One row of identity.employees as pg returns it. */
export interface EmployeeRow {
  employee_id: string;
  full_name: string;
  email: string;
  department: string;
  position: string;
  office: string;
  manager_id: string | null;
  roles: EmployeeRole[];
  clearance: ClearanceLevel;
  projects: string[];
  status: 'active' | 'dismissed';
  hired_at: Date | string;
  dismissed_at: Date | string | null;
  telegram_user_id: string | number | null;
  telegram_bound_at: Date | string | null;
}

export const EMPLOYEE_COLUMNS =
  'employee_id, full_name, email, department, position, office, manager_id, roles, clearance, projects, status, hired_at, dismissed_at, telegram_user_id, telegram_bound_at';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function employeeViewOf(r: EmployeeRow): EmployeeView {
  return {
    employeeId: r.employee_id,
    fullName: r.full_name,
    email: r.email,
    department: r.department,
    position: r.position,
    office: r.office,
    managerId: r.manager_id,
    roles: r.status === 'active' ? [...r.roles] : [],
    clearance: r.clearance,
    projects: [...r.projects],
    status: r.status,
    hiredAt: iso(r.hired_at)!,
    dismissedAt: iso(r.dismissed_at),
    telegramUserId: r.telegram_user_id === null ? null : Number(r.telegram_user_id),
    telegramBoundAt: iso(r.telegram_bound_at),
  };
}

/** The same answer as the domain's accessOf, from the read model. */
export function accessViewOf(r: EmployeeRow): EmployeeAccessView {
  const active = r.status === 'active';
  return {
    employeeId: r.employee_id,
    active,
    roles: active ? [...r.roles] : [],
    attributes: {
      department: r.department,
      office: r.office,
      clearance: r.clearance,
      clearanceRank: CLEARANCE_LEVELS.indexOf(r.clearance),
      projects: [...r.projects],
    },
  };
}
