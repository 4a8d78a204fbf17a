import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RehireEmployeeDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { Actor, CommandCtx } from '../../../core/request-context';
import { RolesService } from '../../../core/roles.service';
import { RunEmployeeCommand } from '../employee-command.handler';
import { employeeIdOf, recordOf } from '../employees.params';

@ApiTags('identity')
@Controller('identity/employees')
export class RehireEmployeeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  @Post(':employeeId/rehire')
  @CommandRoute('Hire a dismissed employee again (admins), with the full record; they verify their Telegram account again')
  async rehire(@Param('employeeId') employeeId: string, @Body() body: RehireEmployeeDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'RehireEmployee' as const, employeeId: employeeIdOf(employeeId), record: recordOf(body), actor: await this.roles.actor(actorId) };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
