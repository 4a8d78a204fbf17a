import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { roomStreamId, type CommandResultDto } from '@megabot/contracts';
import { displayWriteSide, roomWriteSide, type RegisterDisplay } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../../core/write-side';

/** RegisterDisplay before the handler adds what the display stream needs to know about its room. */
export class RegisterDisplayCommand extends Command<CommandResultDto> {
  constructor(
    readonly roomId: string,
    readonly command: Omit<RegisterDisplay, 'room'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterDisplayCommand)
export class RegisterDisplayHandler implements ICommandHandler<RegisterDisplayCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ roomId, command, context }: RegisterDisplayCommand) {
    // The room as its stream says now: the source of truth, not a read model that may lag.
    const { state } = await this.writeSides.of(roomWriteSide).fresh(roomStreamId(roomId));
    const room = { roomId, exists: state.status !== 'none', retired: state.status === 'retired' };
    const { result } = await this.commands.execute(new ExecuteCommand(displayWriteSide, { ...command, room }, context));
    return result;
  }
}
