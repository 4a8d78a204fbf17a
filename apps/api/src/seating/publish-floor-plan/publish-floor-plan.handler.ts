import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { floorPlanStreamId, roomStreamId, type PublishFloorPlanResultDto } from '@megabot/contracts';
import { floorPlanWriteSide, roomWriteSide, SeatingErrors, type PublishFloorPlan } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { officeRef } from '../seating.streams';

export type PublishFloorPlanRequest = Omit<PublishFloorPlan, 'office' | 'roomOffices'>;

export class PublishFloorPlanCommand extends Command<PublishFloorPlanResultDto> {
  constructor(
    readonly command: PublishFloorPlanRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Room ids the SVG appears to name: which room streams to read (the decider checks every room it really finds against them). */
const roomIdsIn = (svg: string) => [...new Set([...svg.matchAll(/data-room\s*=\s*["']([A-Za-z0-9_-]{1,32})["']/g)].map((m) => m[1]))];

/** Adds the office and each named room's office (from their streams: a room created a moment ago counts), then publishes. */
@CommandHandler(PublishFloorPlanCommand)
export class PublishFloorPlanHandler implements ICommandHandler<PublishFloorPlanCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  async execute({ command, context }: PublishFloorPlanCommand): Promise<PublishFloorPlanResultDto> {
    const office = await officeRef(this.writeSides, command.officeId);
    const roomOffices: Record<string, string | null> = {};
    await Promise.all(
      roomIdsIn(command.svg).map(async (roomId) => {
        const { state } = await this.writeSides.of(roomWriteSide).fresh(roomStreamId(roomId));
        roomOffices[roomId] = state.status === 'none' ? null : state.settings.officeId;
      }),
    );
    const { result, events } = await this.commands.execute(new ExecuteCommand(floorPlanWriteSide, { ...command, office, roomOffices }, context));
    const { state } = await this.writeSides.of(floorPlanWriteSide).current(floorPlanStreamId(command.officeId, command.floor));
    if (state.status === 'none') throw SeatingErrors.planNotFound(command.officeId, command.floor);
    const { shapes } = state;
    return {
      ...result,
      version: state.version,
      desks: shapes.desks.length,
      rooms: shapes.rooms.length,
      nodes: shapes.nodes.length,
      edges: shapes.edges.length,
      removedDeskIds: events.flatMap((e) => (e.type === 'FloorPlanPublished' ? e.data.removedDeskIds : [])),
    };
  }
}
