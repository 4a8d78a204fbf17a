import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Actor, DeskBookingResultDto } from '@megabot/contracts';
import { deskDayWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { ForEmployee } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand, WriteSides } from '../../core/write-side';
import { deskBookingResult } from '../book-desk/book-desk.handler';
import { dateOf, floorRef, seatingIdOf } from '../seating.params';
import { deskContext } from '../seating.streams';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class CancelDeskBookingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  @Delete('offices/:officeId/floors/:floor/desks/:deskId/bookings/:date')
  @CommandRoute(
    "Cancel the desk's booking of that day (your own; admins: anyone's)",
    { 404: 'No such desk, or no booking that day', 409: 'The day is over', 422: "Someone else's booking" },
    200,
  )
  async cancel(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Param('deskId') deskId: string,
    @Param('date') date: string,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<DeskBookingResultDto> {
    const ref = floorRef(officeId, floor);
    const desk = await deskContext(this.writeSides, ref.officeId, ref.floor, seatingIdOf('deskId', deskId));
    const command = { type: 'CancelDeskBooking' as const, desk, date: dateOf(date), actor };
    const executed = await this.commands.execute(new ExecuteCommand(deskDayWriteSide, command, ctx));
    return deskBookingResult(this.writeSides, executed, desk, command.date);
  }
}
