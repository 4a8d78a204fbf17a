import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, CheckInDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { OnBookingCommand } from '../on-booking.handler';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class CheckInBookingController {
  constructor(private readonly commands: CommandBus) {}

  /** From the reminder's button, or an admin on someone's behalf. */
  @Post('bookings/:bookingId/check-in')
  @CommandRoute('Confirm the meeting takes place (from 5 minutes before the start until the check-in deadline)', {
    409: 'Check-in not open yet, closed, or already checked in',
  })
  async checkIn(
    @Param('bookingId') bookingId: string,
    @Body() body: CheckInDto,
    @Query() query: BookingLookupQueryDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    return this.commands.execute(new OnBookingCommand({ type: 'CheckIn', bookingId, via: body.via ?? 'bot', actor }, ctx, query.waitFor));
  }
}
