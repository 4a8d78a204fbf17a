import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RehireEmployeeDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { RunEmployeeCommand } from '../employee-command.handler';
import { employeeIdOf, recordOf } from '../employees.params';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class RehireEmployeeController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':employeeId/rehire')
  @CommandRoute('Hire a dismissed employee again (admins), with the full record; they verify their Telegram account again')
  async rehire(@Param('employeeId') employeeId: string, @Body() body: RehireEmployeeDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'RehireEmployee' as const, employeeId: employeeIdOf(employeeId), record: recordOf(body), actor: actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
