import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Actor, CommandResultDto } from '@megabot/contracts';
import { floorPlanWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ForAdmin } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { floorRef, seatingIdOf } from '../seating.params';

@ApiTags('seating')
@ForAdmin()
@Controller('seating')
export class UnassignDeskController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('offices/:officeId/floors/:floor/desks/:deskId/assignee')
  @CommandRoute('Take an assigned desk back (nothing happens when it is vacant)', { 404: 'No such plan or desk' }, 200)
  async unassign(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Param('deskId') deskId: string,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto> {
    const command = { type: 'UnassignDesk' as const, ...floorRef(officeId, floor), deskId: seatingIdOf('deskId', deskId), actor };
    const { result } = await this.commands.execute(new ExecuteCommand(floorPlanWriteSide, command, ctx));
    return result;
  }
}
