import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { EditTimeEntryDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { RULES_409, RULES_422 } from '../timesheets.api-docs';
import { ChangeTimeEntryCommand } from './edit-time-entry.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class EditTimeEntryController {
  constructor(private readonly commands: CommandBus) {}

  /** Your own entry; the date stays in the entry's month (to move it to another, delete it and log it again). */
  @Patch('entries/:entryId')
  @CommandRoute('Edit a time entry of an open period', { 404: 'No such entry', 409: RULES_409, 422: RULES_422 }, 200)
  async edit(@Param('entryId') entryId: string, @Body() body: EditTimeEntryDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { date, project, task, minutes, comment } = body;
    return this.commands.execute(new ChangeTimeEntryCommand(actor.employeeId, entryId, { date, project, task, minutes, comment }, actor, ctx));
  }
}
