import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { officeStreamId, type CommandResultDto } from '@megabot/contracts';
import { officeWriteSide, RoomsErrors, roomWriteSide, type CreateRoom } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../core/write-side';

/** CreateRoom before the handler adds what the room takes from its office (its time zone as the default, whether it is archived). */
export class CreateRoomCommand extends Command<CommandResultDto & { roomId: string }> {
  constructor(
    readonly officeId: string,
    readonly command: Omit<CreateRoom, 'office'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreateRoomCommand)
export class CreateRoomHandler implements ICommandHandler<CreateRoomCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ officeId, command, context }: CreateRoomCommand) {
    // The office as its stream says now: the read model may not have it yet.
    const { state: office } = await this.writeSides.of(officeWriteSide).fresh(officeStreamId(officeId));
    if (office.status === 'none') throw RoomsErrors.officeNotFound(officeId);
    const { result } = await this.commands.execute(
      new ExecuteCommand(roomWriteSide, { ...command, office: { officeId, timeZone: office.timeZone, archived: office.status === 'archived' } }, context),
    );
    return { ...result, roomId: command.roomId };
  }
}
