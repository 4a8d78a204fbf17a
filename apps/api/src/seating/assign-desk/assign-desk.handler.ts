import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResultDto } from '@megabot/contracts';
import { floorPlanWriteSide, type AssignDesk } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { IdentityDirectory } from '../../identity/identity.directory';
import { ExecuteCommand } from '../../core/write-side';

export type AssignDeskRequest = Omit<AssignDesk, 'employeeActive' | 'employeeDeskElsewhere'>;

export class AssignDeskCommand extends Command<CommandResultDto> {
  constructor(
    readonly command: AssignDeskRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Adds whether the employee is active (identity) and their assigned desk on
 * other floors (the seating read model; on this floor the plan stream knows
 * it itself), then assigns.
 */
@CommandHandler(AssignDeskCommand)
export class AssignDeskHandler implements ICommandHandler<AssignDeskCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly identity: IdentityDirectory,
    private readonly ds: DataSource,
  ) {}

  async execute({ command, context }: AssignDeskCommand): Promise<CommandResultDto> {
    const employee = await this.identity.employee(command.employeeId);
    const [elsewhere] = await this.ds.query(
      `SELECT office_id, floor, desk_id FROM seating.desks WHERE assignee_id = $1 AND NOT (office_id = $2 AND floor = $3) LIMIT 1`,
      [command.employeeId, command.officeId, command.floor],
    );
    const full: AssignDesk = {
      ...command,
      employeeActive: employee?.status === 'active',
      employeeDeskElsewhere: elsewhere ? { officeId: elsewhere.office_id, floor: elsewhere.floor, deskId: elsewhere.desk_id } : null,
    };
    const { result } = await this.commands.execute(new ExecuteCommand(floorPlanWriteSide, full, context));
    return result;
  }
}
