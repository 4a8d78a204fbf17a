import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookRoomDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { roomIdOf } from '../rooms.params';
import { RULES_409, RULES_422 } from '../rooms.api-docs';
import { BookRoomCommand } from './book-room.handler';

@ApiTags('rooms')
@Controller('rooms')
export class BookRoomController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** [start, end) on the room-day of `start`. */
  @Post(':roomId/bookings')
  @CommandRoute('Book a room; two bookings of a room never overlap (buffer included)', {
    201: 'Booked; `position` can be passed as `waitFor`',
    404: 'No such room',
    409: RULES_409,
    422: RULES_422,
  })
  async book(@Param('roomId') roomId: string, @Body() body: BookRoomDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    const { title, start, end, attendees } = body;
    const actor = await this.roles.actor(actorId);
    const organizerId = body.organizerId ?? actorId;
    const command = { type: 'BookRoom' as const, title, start, end, attendees, private: body.private, organizerId, actor };
    return this.commands.execute(new BookRoomCommand(roomId, command, ctx));
  }
}
