import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { periodOfDate, timesheetStreamId, type LogTimeResultDto } from '@megabot/contracts';
import { timesheetWriteSide, type LogTime, type NewTimeEntry } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand } from '../../core/write-side';
import { entryIdOf, entryViews, TimesheetsStreams } from '../timesheets.streams';

/** LogTime before the handler adds the context, the period and the entry ids. */
export interface LogTimeRequest {
  employeeId: string;
  entries: Omit<NewTimeEntry, 'entryId'>[];
  actor: LogTime['actor'];
}

/** Logs entries of one month (all or nothing). */
export class LogTimeCommand extends Command<LogTimeResultDto> {
  constructor(
    readonly request: LogTimeRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LogTimeCommand)
export class LogTimeHandler implements ICommandHandler<LogTimeCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: TimesheetsStreams,
  ) {}

  async execute({ request, context }: LogTimeCommand): Promise<LogTimeResultDto> {
    const { employeeId, actor } = request;
    const period = periodOfDate(request.entries[0].date);
    const entries = request.entries.map((e, i) => ({ ...e, entryId: entryIdOf(e.date, employeeId, context.commandId, i) }));
    const ctx = await this.streams.context(
      employeeId,
      period,
      entries.map((e) => e.project),
    );
    const command: LogTime = { type: 'LogTime', employeeId, period, entries, context: ctx, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(timesheetWriteSide, command, context));
    const state = await this.streams.timesheet(employeeId, period);
    return {
      ...result,
      streamId: timesheetStreamId(employeeId, period),
      entries: entryViews(
        state,
        entries.map((e) => e.entryId),
      ),
    };
  }
}
