import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeEmployeePhotoDto, type Actor } from '@megabot/contracts';
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
export class ChangePhotoController {
  constructor(private readonly commands: CommandBus) {}

  @Put('employees/:employeeId/photo')
  @CommandRoute('Set the directory photo - an https URL or a Telegram file id; null removes it (the employee, or an admin)', {}, 200)
  async change(
    @Param('employeeId') employeeId: string,
    @Body() body: ChangeEmployeePhotoDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'ChangeEmployeePhoto' as const, employeeId: employeeIdOf(employeeId), photo: body.photo, actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
