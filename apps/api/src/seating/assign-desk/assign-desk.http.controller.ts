import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AssignDeskDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { ForAdmin } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { floorRef, seatingIdOf } from '../seating.params';
import { AssignDeskCommand } from './assign-desk.handler';

@ApiTags('seating')
@ForAdmin()
@Controller('seating')
export class AssignDeskController {
  constructor(private readonly commands: CommandBus) {}

  @Put('offices/:officeId/floors/:floor/desks/:deskId/assignee')
  @CommandRoute(
    'Give an assigned desk to an employee (one assigned desk per employee)',
    {
      404: 'No such plan or desk',
      409: 'The desk is assigned to someone else, or the employee has a desk already (`code` seating.desk_occupied / employee_has_desk)',
      422: 'A hot desk, or not an active employee',
    },
    200,
  )
  assign(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Param('deskId') deskId: string,
    @Body() body: AssignDeskDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'AssignDesk' as const, ...floorRef(officeId, floor), deskId: seatingIdOf('deskId', deskId), employeeId: body.employeeId, actor };
    return this.commands.execute(new AssignDeskCommand(command, ctx));
  }
}
