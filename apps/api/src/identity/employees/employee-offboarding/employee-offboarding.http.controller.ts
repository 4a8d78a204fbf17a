import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { EmployeeOffboardingView } from '@megabot/contracts';
import { ForAdmin } from '../../../core/access/policy';
import { QueryRoute } from '../../../core/api-docs';
import { employeeIdOf } from '../employees.params';
import { EmployeeOffboardingQuery } from './employee-offboarding.handler';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class EmployeeOffboardingController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':employeeId/offboarding')
  @QueryRoute("An employee's offboarding report (admins): the last dismissal - roles revoked, Telegram account unbound - and each removal from a chat", {
    404: 'No such employee',
  })
  report(@Param('employeeId') employeeId: string): Promise<EmployeeOffboardingView> {
    return this.queries.execute(new EmployeeOffboardingQuery(employeeIdOf(employeeId)));
  }
}
