import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor, LogTimeResultDto } from '@megabot/contracts';
import { timesheetWriteSide, TimesheetsErrors, type DeleteTimeEntry, type EditTimeEntry, type TimeEntryChanges } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand } from '../../core/write-side';
import { entryViews, periodOfEntryId, TimesheetsStreams } from '../timesheets.streams';

/** Edits or deletes an entry of the open period it is in (the id names the month). */
export class ChangeTimeEntryCommand extends Command<LogTimeResultDto> {
  constructor(
    readonly employeeId: string,
    readonly entryId: string,
    readonly changes: TimeEntryChanges | 'delete',
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeTimeEntryCommand)
export class ChangeTimeEntryHandler implements ICommandHandler<ChangeTimeEntryCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: TimesheetsStreams,
  ) {}

  async execute({ employeeId, entryId, changes, actor, context }: ChangeTimeEntryCommand): Promise<LogTimeResultDto> {
    const period = periodOfEntryId(entryId);
    const current = (await this.streams.timesheet(employeeId, period)).entries[entryId];
    if (!current) throw TimesheetsErrors.entryNotFound(entryId);
    const projects = changes === 'delete' ? [] : [changes.project ?? current.project];
    const ctx = await this.streams.context(employeeId, period, projects);
    const base = { employeeId, period, entryId, context: ctx, actor };
    const command: EditTimeEntry | DeleteTimeEntry = changes === 'delete' ? { ...base, type: 'DeleteTimeEntry' } : { ...base, type: 'EditTimeEntry', changes };
    const { result } = await this.commands.execute(new ExecuteCommand(timesheetWriteSide, command, context));
    return { ...result, entries: entryViews(await this.streams.timesheet(employeeId, period), [entryId]) };
  }
}
