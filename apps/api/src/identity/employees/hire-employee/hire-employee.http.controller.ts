import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { HireEmployeeDto, type CommandResultDto } from '@megabot/contracts';
import { derivedUuid, type CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { RunEmployeeCommand } from '../employee-command.handler';
import { recordOf } from '../employees.params';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class HireEmployeeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandRoute('Hire an employee (admins): corporate e-mail in an allowed domain, unique among active employees; known manager', {
    409: 'The id exists, or another employee has the e-mail',
    422: 'Not an admin, domain not allowed, unknown manager, invalid field',
  })
  async hire(
    @Body() body: HireEmployeeDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { employeeId: string }> {
    const { employeeId: chosen, ...record } = body;
    // Without a client-chosen id, the id follows from the request: a retried request hires the same employee once.
    const employeeId = chosen ?? `e-${derivedUuid(`employee:${actor.employeeId}:${ctx.commandId}`).replaceAll('-', '').slice(0, 24)}`;
    const command = { type: 'HireEmployee' as const, employeeId, record: recordOf(record), actor: actor };
    const { result } = await this.commands.execute(new RunEmployeeCommand(command, ctx));
    return { ...result, employeeId };
  }
}
