import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VerifyCodeResultView } from '@megabot/contracts';
import { verifyCodeResultOf, type SubmitVerificationCode } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { WriteSides } from '../../../core/write-side';
import { RunEmployeeCommand } from '../../employees/employee-command.handler';
import { VERIFICATION_WRITE_SIDE, type VerificationDefinition } from '../../identity.write-sides';

export type SubmitCodeResult = VerifyCodeResultView & { employeeId: string | null };

export class SubmitCode extends Command<SubmitCodeResult> {
  constructor(
    readonly command: SubmitVerificationCode,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Checks the code; on success binds the account to the employee (and releases
 * it from an employee it was bound to before: an account acts as one
 * employee). The bind commands' ids are derived from this one's, so a retried
 * request - answered with the events it produced the first time - binds once.
 */
@CommandHandler(SubmitCode)
export class SubmitCodeHandler implements ICommandHandler<SubmitCode> {
  constructor(
    @Inject(VERIFICATION_WRITE_SIDE) private readonly definition: VerificationDefinition,
    private readonly writeSides: WriteSides,
    private readonly commands: CommandBus,
    private readonly ds: DataSource,
  ) {}

  async execute({ command, context }: SubmitCode): Promise<SubmitCodeResult> {
    const { events } = await this.writeSides.of(this.definition).execute(command, context);
    const view = verifyCodeResultOf(events);
    const succeeded = events.find((e) => e.type === 'VerificationSucceeded');
    if (succeeded?.type !== 'VerificationSucceeded') return { ...view, employeeId: null };
    const { employeeId, email } = succeeded.data;
    const { telegramUserId } = command;
    const derived = (suffix: string) => ({
      ...context,
      commandId: `${context.commandId}:${suffix}`,
      causationId: context.commandId,
      correlationId: context.correlationId ?? context.commandId,
    });
    const previous: { employee_id: string }[] = await this.ds.query(
      `SELECT employee_id FROM identity.employees WHERE telegram_user_id = $1 AND employee_id <> $2`,
      [telegramUserId, employeeId],
    );
    await this.commands.execute(new RunEmployeeCommand({ type: 'BindTelegram', employeeId, telegramUserId, email }, derived('bind')));
    for (const { employee_id } of previous) {
      await this.commands.execute(
        new RunEmployeeCommand({ type: 'ReleaseTelegram', employeeId: employee_id, telegramUserId, boundTo: employeeId }, derived(`release:${employee_id}`)),
      );
    }
    return { ...view, employeeId };
  }
}
