import { ID_PATTERN } from '@megabot/contracts';
import type { EmployeeRecordDto } from '@megabot/contracts';
import type { EmployeeRecordInput } from '@megabot/domain';
import { problem } from '../../core/problem';

export function employeeIdOf(id: string): string {
  if (!ID_PATTERN.test(id)) throw problem(400, 'validation.failed', 'employeeId must be 1-64 letters, digits, "_" or "-"');
  return id;
}

/** The record as the domain takes it (plain object, no manager written as null). */
export function recordOf(body: EmployeeRecordDto): EmployeeRecordInput {
  return {
    fullName: body.fullName,
    email: body.email,
    department: body.department,
    position: body.position,
    office: body.office,
    managerId: body.managerId ?? null,
    roles: body.roles,
    clearance: body.clearance,
    projects: body.projects,
  };
}
