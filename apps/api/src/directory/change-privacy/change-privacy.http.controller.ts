import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeDirectoryPrivacyDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { RunEmployeeCommand } from '../../identity/employees/employee-command.handler';
import { employeeIdOf } from '../../identity/employees/employees.params';

@ApiTags('directory')
@ForEmployee()
@Controller('directory')
export class ChangePrivacyController {
  constructor(private readonly commands: CommandBus) {}

  @Put('employees/:employeeId/privacy')
  @CommandRoute('Choose what colleagues see in the directory - e-mail, Telegram contact, photo (the employee, or an admin)', {}, 200)
  async change(
    @Param('employeeId') employeeId: string,
    @Body() body: ChangeDirectoryPrivacyDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const privacy = { email: body.email, telegram: body.telegram, photo: body.photo };
    const command = { type: 'ChangeDirectoryPrivacy' as const, employeeId: employeeIdOf(employeeId), privacy, actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
