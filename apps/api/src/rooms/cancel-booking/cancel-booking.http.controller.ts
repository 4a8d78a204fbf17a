import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, RoomsReasonDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { OnBookingCommand } from '../on-booking.handler';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class CancelBookingController {
  constructor(private readonly commands: CommandBus) {}

  @Post('bookings/:bookingId/cancel')
  @CommandRoute('Cancel before the start (organizer or admin); in progress: end it early')
  async cancel(
    @Param('bookingId') bookingId: string,
    @Body() body: RoomsReasonDto,
    @Query() query: BookingLookupQueryDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    return this.commands.execute(new OnBookingCommand({ type: 'CancelBooking', bookingId, reason: body.reason, actor }, ctx, query.waitFor));
  }
}
