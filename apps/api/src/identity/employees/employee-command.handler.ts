import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EmployeeEvent } from '@megabot/contracts';
import { normalizeEmail, type EmployeeCommand } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { commandResult, WriteSides, type Executed } from '../../core/write-side';
import { IdentityDirectory } from '../identity.directory';
import { EMPLOYEE_WRITE_SIDE, type EmployeeDefinition } from '../identity.write-sides';

/**
 * An employee command on its way to the employee's stream. Every one passes
 * the checks the decider cannot make (it sees one stream: unique e-mail among
 * active employees, a known manager, no manager cycle) and, once written,
 * waits for the identity read model and drops this process's cached entries,
 * so the next lookup (the bot's, a guard's) sees it.
 */
export class RunEmployeeCommand extends Command<Executed<EmployeeEvent>> {
  constructor(
    readonly command: EmployeeCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RunEmployeeCommand)
export class RunEmployeeCommandHandler implements ICommandHandler<RunEmployeeCommand> {
  constructor(
    @Inject(EMPLOYEE_WRITE_SIDE) private readonly definition: EmployeeDefinition,
    private readonly writeSides: WriteSides,
    private readonly directory: IdentityDirectory,
    private readonly progress: ReadModelProgress,
  ) {}

  async execute({ command, context }: RunEmployeeCommand): Promise<Executed<EmployeeEvent>> {
    const record =
      command.type === 'HireEmployee' || command.type === 'RehireEmployee' ? command.record : command.type === 'UpdateEmployee' ? command.changes : undefined;
    if (record) await this.checkRecord(command.employeeId, record);
    const outcome = await this.writeSides.of(this.definition).execute(command, context);
    const executed = { result: commandResult(outcome), events: outcome.events };
    const accounts = outcome.events.flatMap((e) => (e.type === 'TelegramUnbound' || e.type === 'TelegramBound' ? [e.data.telegramUserId] : []));
    await this.settle(executed.result.position, { employees: [command.employeeId], accounts });
    return executed;
  }

  /** Unique e-mail among active employees and a known manager: the read model's answer (the decider cannot see other streams). */
  private async checkRecord(employeeId: string, record: { email?: string; managerId?: string | null }) {
    if (record.email !== undefined) {
      const other = await this.directory.byEmail(normalizeEmail(record.email));
      if (other && other.employee_id !== employeeId && other.status === 'active') {
        throw problem(409, 'identity.email_taken', `Another employee (${other.employee_id}) has the e-mail ${normalizeEmail(record.email)}`, undefined, {
          employeeId: other.employee_id,
        });
      }
    }
    if (record.managerId) {
      const manager = await this.directory.employee(record.managerId);
      if (!manager && record.managerId !== employeeId) {
        throw problem(422, 'identity.unknown_manager', `Manager ${record.managerId} is not an employee`, undefined, { managerId: record.managerId });
      }
      // Managers form a tree: the new manager must not report (directly or not) to this employee.
      const chain = [employeeId];
      for (let m: string | null = record.managerId; m !== null && m !== employeeId && !chain.includes(m) && chain.length < 1000;) {
        chain.push(m);
        m = (await this.directory.employee(m))?.manager_id ?? null;
        if (m === employeeId) {
          throw problem(422, 'identity.manager_cycle', `Managers would form a cycle: ${[...chain, m].join(' → ')}`, undefined, { managerId: record.managerId });
        }
      }
    }
  }

  /** Read-your-writes for the lookups: wait for the identity projection, then drop this process's cached entries. */
  private async settle(position: string, change: { employees: string[]; accounts: number[] }) {
    await this.progress.waitFor('identity', position).catch(() => undefined);
    this.directory.invalidate(change);
  }
}
