import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { LogTimeDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { RULES_409, RULES_422 } from '../timesheets.api-docs';
import { LogTimeCommand } from './log-time.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class LogTimeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('entries')
  @CommandRoute('Log time to a project (and task) on a day', { 404: 'No such project or employee', 409: RULES_409, 422: RULES_422 })
  async log(@Body() body: LogTimeDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { date, project, task, minutes, comment } = body;
    const employeeId = body.employeeId ?? actor.employeeId;
    return this.commands.execute(new LogTimeCommand({ employeeId, entries: [{ date, project, task, minutes, comment }], actor }, ctx));
  }
}
