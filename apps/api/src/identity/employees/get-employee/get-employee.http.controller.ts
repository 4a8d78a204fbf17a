import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../core/request-context';
import { RolesService } from '../../../core/roles.service';
import { employeeIdOf } from '../employees.params';
import { GetEmployeeQuery } from './get-employee.handler';

@ApiTags('identity')
@Controller('identity/employees')
export class GetEmployeeController {
  constructor(
    private readonly queries: QueryBus,
    private readonly roles: RolesService,
  ) {}

  @Get(':employeeId')
  @ApiOperation({ summary: 'One employee (admins, auditors, the employee themselves)' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  async get(@Param('employeeId') employeeId: string, @Actor() actorId: string) {
    if (actorId !== employeeIdOf(employeeId)) await this.roles.requireAdminOrAuditor(actorId, 'read employees');
    return this.queries.execute(new GetEmployeeQuery(employeeId, 'record'));
  }

  @Get(':employeeId/access')
  @ApiOperation({
    summary: "The employee's access attributes (EmployeeAccessView): roles, department, office, clearance, projects - for guards, ABAC and auditors",
  })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  async access(@Param('employeeId') employeeId: string, @Actor() actorId: string) {
    if (actorId !== employeeIdOf(employeeId)) await this.roles.requireAdminOrAuditor(actorId, "read an employee's access attributes");
    return this.queries.execute(new GetEmployeeQuery(employeeId, 'access'));
  }
}
