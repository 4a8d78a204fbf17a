import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { periodOfDate, type Actor, type CopyWeekResultDto, type LogTimeResultDto } from '@megabot/contracts';
import { addDays, weekOf } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { LogTimeCommand } from '../log-time/log-time.handler';
import { TimesheetsStreams } from '../timesheets.streams';
import { entriesOf } from '../timesheets.read-model';
import { WorkingDays } from '../timesheets.working-days';

/**
 * Copies the entries of the week before into the same weekdays of a week:
 * only working days that have nothing logged yet and are not in the future.
 * One LogTime per month (a week may span two); each is all or nothing, and a
 * retry (same Idempotency-Key) makes the same entries.
 */
export class CopyLastWeekCommand extends Command<CopyWeekResultDto> {
  constructor(
    readonly week: string | undefined,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CopyLastWeekCommand)
export class CopyLastWeekHandler implements ICommandHandler<CopyLastWeekCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: TimesheetsStreams,
    private readonly workingDays: WorkingDays,
    private readonly ds: DataSource,
  ) {}

  async execute({ week, actor, context }: CopyLastWeekCommand): Promise<CopyWeekResultDto> {
    const employeeId = actor.employeeId;
    const today = await this.streams.todayOf(employeeId);
    const target = weekOf(week ?? today);
    const [source, existing, isWorkingDay] = await Promise.all([
      entriesOf(this.ds, [employeeId], addDays(target[0], -7), addDays(target[6], -7)),
      entriesOf(this.ds, [employeeId], target[0], target[6]),
      this.workingDays.forEmployee(employeeId),
    ]);
    const skipped: CopyWeekResultDto['skipped'] = [];
    const byMonth = new Map<string, LogTimeCommand['request']['entries']>();
    for (const date of target) {
      const from = source.filter((e) => e.date === addDays(date, -7));
      if (from.length === 0) continue;
      const reason = date > today ? 'future' : !isWorkingDay(date) ? 'not_working_day' : existing.some((e) => e.date === date) ? 'already_logged' : null;
      if (reason) {
        skipped.push({ date, reason });
        continue;
      }
      const month = byMonth.get(periodOfDate(date)) ?? [];
      month.push(...from.map((e) => ({ date, project: e.project, task: e.task, minutes: e.minutes, comment: e.comment })));
      byMonth.set(periodOfDate(date), month);
    }
    const results: LogTimeResultDto[] = [];
    for (const [period, entries] of byMonth) {
      const commandId = `${context.commandId}/${period}`;
      results.push(await this.commands.execute(new LogTimeCommand({ employeeId, entries, actor }, { ...context, commandId })));
    }
    return {
      results: results.map(({ entries: _entries, ...result }) => result),
      copied: results.flatMap((r) => r.entries),
      skipped,
    };
  }
}
