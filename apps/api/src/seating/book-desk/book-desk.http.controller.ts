import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookDeskDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { ForEmployee } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { floorRef, seatingIdOf } from '../seating.params';
import { BookDeskCommand } from './book-desk.handler';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class BookDeskController {
  constructor(private readonly commands: CommandBus) {}

  @Post('offices/:officeId/floors/:floor/desks/:deskId/bookings')
  @CommandRoute('Book a hot desk for a day of the office; a desk is never given twice, one desk per person and day', {
    201: 'Booked; `position` can be passed as `waitFor`',
    404: 'No such office, plan or desk',
    409: 'The desk is taken that day, or you have a desk that day (`code` seating.desk_taken / already_booked / one_desk_per_day)',
    422: 'An assigned desk, a day in the past or more than 14 days ahead, or someone else (admins only)',
  })
  book(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Param('deskId') deskId: string,
    @Body() body: BookDeskDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const desk = { ...floorRef(officeId, floor), deskId: seatingIdOf('deskId', deskId) };
    const command = { type: 'BookDesk' as const, date: body.date, employeeId: body.employeeId ?? actor.employeeId, actor };
    return this.commands.execute(new BookDeskCommand(desk, command, ctx));
  }
}
