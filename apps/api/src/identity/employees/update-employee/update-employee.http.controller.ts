import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UpdateEmployeeDto } from '@megabot/contracts';
import type { EmployeeRecordInput } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { RunEmployeeCommand } from '../employee-command.handler';
import { employeeIdOf } from '../employees.params';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class UpdateEmployeeController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':employeeId')
  @CommandRoute('Change fields of an employee (admins); `managerId: null` removes the manager', {}, 200)
  async update(@Param('employeeId') employeeId: string, @Body() body: UpdateEmployeeDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    // Only the fields the request names change (class-transformer leaves the others undefined).
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<EmployeeRecordInput>;
    const command = { type: 'UpdateEmployee' as const, employeeId: employeeIdOf(employeeId), changes, actor: actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
