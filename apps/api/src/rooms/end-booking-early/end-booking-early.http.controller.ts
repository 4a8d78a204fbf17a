import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { OnBookingCommand } from '../on-booking.handler';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class EndBookingEarlyController {
  constructor(private readonly commands: CommandBus) {}

  /** Participants or admin. */
  @Post('bookings/:bookingId/end')
  @CommandRoute('End a meeting in progress now: the room is free from this minute')
  async endEarly(
    @Param('bookingId') bookingId: string,
    @Query() query: BookingLookupQueryDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    return this.commands.execute(new OnBookingCommand({ type: 'EndBookingEarly', bookingId, actor }, ctx, query.waitFor));
  }
}
