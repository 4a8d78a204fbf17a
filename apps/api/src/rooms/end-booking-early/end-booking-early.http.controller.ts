import { Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { OnBookingCommand } from '../on-booking.handler';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@Controller('rooms')
export class EndBookingEarlyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** Participants or admin. */
  @Post('bookings/:bookingId/end')
  @CommandRoute('End a meeting in progress now: the room is free from this minute')
  async endEarly(@Param('bookingId') bookingId: string, @Query() query: BookingLookupQueryDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    idOf('bookingId', bookingId);
    const actor = await this.roles.actor(actorId);
    return this.commands.execute(new OnBookingCommand({ type: 'EndBookingEarly', bookingId, actor }, ctx, query.waitFor));
  }
}
