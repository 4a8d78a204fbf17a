import { ForEmployee } from '../../../core/access/policy';
import { isAdmin, isAuditor, type Actor } from '@megabot/contracts';
import { problem } from '../../../core/problem';
import { CurrentEmployee } from '../../../core/access/actor';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { employeeIdOf } from '../employees.params';
import { GetEmployeeQuery } from './get-employee.handler';

@ApiTags('identity')
@ForEmployee()
@Controller('identity/employees')
export class GetEmployeeController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':employeeId')
  @ApiOperation({ summary: 'One employee (admins, auditors, the employee themselves)' })
  async get(@Param('employeeId') employeeId: string, @CurrentEmployee() actor: Actor) {
    if (actor.employeeId !== employeeIdOf(employeeId)) requireAdminOrAuditor(actor, 'read employees');
    return this.queries.execute(new GetEmployeeQuery(employeeId, 'record'));
  }

  @Get(':employeeId/access')
  @ApiOperation({
    summary: "The employee's access attributes (EmployeeAccessView): roles, department, office, clearance, projects - for guards, ABAC and auditors",
  })
  async access(@Param('employeeId') employeeId: string, @CurrentEmployee() actor: Actor) {
    if (actor.employeeId !== employeeIdOf(employeeId)) requireAdminOrAuditor(actor, "read an employee's access attributes");
    return this.queries.execute(new GetEmployeeQuery(employeeId, 'access'));
  }
}

function requireAdminOrAuditor(actor: Actor, action: string) {
  if (!isAdmin(actor) && !isAuditor(actor)) throw problem(403, 'auth.admin_required', `Only an admin or an auditor may ${action}`);
}
