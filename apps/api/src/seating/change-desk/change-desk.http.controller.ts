import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeDeskDto, type Actor, type CommandResultDto } from '@megabot/contracts';
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
export class ChangeDeskController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('offices/:officeId/floors/:floor/desks/:deskId')
  @CommandRoute(
    "A desk's label and/or kind (hot: booked per day; assigned: an employee's own)",
    { 404: 'No such plan or desk', 409: 'An assigned desk in use cannot become a hot desk' },
    200,
  )
  async change(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Param('deskId') deskId: string,
    @Body() body: ChangeDeskDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto> {
    const command = {
      type: 'ChangeDesk' as const,
      ...floorRef(officeId, floor),
      deskId: seatingIdOf('deskId', deskId),
      label: body.label,
      kind: body.kind,
      actor,
    };
    const { result } = await this.commands.execute(new ExecuteCommand(floorPlanWriteSide, command, ctx));
    return result;
  }
}
