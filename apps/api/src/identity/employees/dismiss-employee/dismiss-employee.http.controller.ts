import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DismissEmployeeDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { RunEmployeeCommand } from '../employee-command.handler';
import { employeeIdOf } from '../employees.params';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class DismissEmployeeController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':employeeId/dismiss')
  @CommandRoute('Dismiss (admins, not oneself): roles revoked, Telegram unbound, removed from the chats the bot administers')
  async dismiss(@Param('employeeId') employeeId: string, @Body() body: DismissEmployeeDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'DismissEmployee' as const, employeeId: employeeIdOf(employeeId), reason: body.reason, actor: actor };
    return (await this.commands.execute(new RunEmployeeCommand(command, ctx))).result;
  }
}
