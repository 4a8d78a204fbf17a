import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ChangeTimeEntryCommand } from '../edit-time-entry/edit-time-entry.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class DeleteTimeEntryController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('entries/:entryId')
  @CommandRoute('Delete a time entry of an open period', { 404: 'No such entry', 409: 'The period is closed' }, 200)
  async remove(@Param('entryId') entryId: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    return this.commands.execute(new ChangeTimeEntryCommand(actor.employeeId, entryId, 'delete', actor, ctx));
  }
}
