import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookRoomDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { roomIdOf } from '../rooms.params';
import { RULES_409, RULES_422 } from '../rooms.api-docs';
import { BookRoomCommand } from './book-room.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class BookRoomController {
  constructor(private readonly commands: CommandBus) {}

  /** [start, end) on the room-day of `start`. */
  @Post(':roomId/bookings')
  @CommandRoute('Book a room; two bookings of a room never overlap (buffer included)', {
    201: 'Booked; `position` can be passed as `waitFor`',
    404: 'No such room',
    409: RULES_409,
    422: RULES_422,
  })
  async book(@Param('roomId') roomId: string, @Body() body: BookRoomDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    const { title, start, end, attendees } = body;
    const organizerId = body.organizerId ?? actor.employeeId;
    const command = { type: 'BookRoom' as const, title, start, end, attendees, private: body.private, organizerId, actor };
    return this.commands.execute(new BookRoomCommand(roomId, command, ctx));
  }
}
