import { ForEmployee } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UnbindTelegramDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { RunEmployeeCommand } from '../employee-command.handler';
import { employeeIdOf } from '../employees.params';

@ApiTags('identity')
@ForEmployee()
@Controller('identity/employees')
export class UnbindTelegramController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':employeeId/telegram/unbind')
  @CommandRoute("Unbind the employee's Telegram account (admins, or the employee themselves); the account is told so")
  async unbind(@Param('employeeId') employeeId: string, @Body() body: UnbindTelegramDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'UnbindTelegram' as const, employeeId: employeeIdOf(employeeId), comment: body.comment, actor: actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
