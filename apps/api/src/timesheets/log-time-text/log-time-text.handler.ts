import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor, LogTimeResultDto } from '@megabot/contracts';
import { parseTimeText } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { LogTimeCommand } from '../log-time/log-time.handler';
import { TimesheetsStreams } from '../timesheets.streams';
import { assignedOpenProjects, lastProjectOf, openProjects } from '../timesheets.read-model';

/** "вчера 2 часа ACME-123 ревью": parsed against the employee's today, projects and last project, then logged. */
export class LogTimeTextCommand extends Command<LogTimeResultDto> {
  constructor(
    readonly text: string,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LogTimeTextCommand)
export class LogTimeTextHandler implements ICommandHandler<LogTimeTextCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: TimesheetsStreams,
    private readonly ds: DataSource,
  ) {}

  async execute({ text, actor, context }: LogTimeTextCommand): Promise<LogTimeResultDto> {
    const employeeId = actor.employeeId;
    const [today, projects, assigned, lastProject] = await Promise.all([
      this.streams.todayOf(employeeId),
      openProjects(this.ds),
      assignedOpenProjects(this.ds, employeeId),
      lastProjectOf(this.ds, employeeId),
    ]);
    const parsed = parseTimeText(text, { today, projects, assigned, lastProject });
    if (!parsed.ok) throw problem(422, `timesheets.text_${parsed.error}`, parsed.message, undefined, { text });
    if (!parsed.project) throw problem(422, 'timesheets.project_required', 'Which project? Name it, e.g. "2h ACME"', undefined, { projects: assigned });
    const { date, minutes, project, task, comment } = parsed;
    return this.commands.execute(new LogTimeCommand({ employeeId, entries: [{ date, minutes, project, task, comment }], actor }, context));
  }
}
