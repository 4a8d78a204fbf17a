import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, CheckInDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { OnBookingCommand } from '../on-booking.handler';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@Controller('rooms')
export class CheckInBookingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** From the reminder's button, or an admin on someone's behalf. */
  @Post('bookings/:bookingId/check-in')
  @CommandRoute('Confirm the meeting takes place (from 5 minutes before the start until the check-in deadline)', {
    409: 'Check-in not open yet, closed, or already checked in',
  })
  async checkIn(
    @Param('bookingId') bookingId: string,
    @Body() body: CheckInDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    const actor = await this.roles.actor(actorId);
    return this.commands.execute(new OnBookingCommand({ type: 'CheckIn', bookingId, via: body.via ?? 'bot', actor }, ctx, query.waitFor));
  }
}
