import { Body, Controller, Param, Patch, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, ChangeBookingDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { OnBookingCommand } from '../on-booking.handler';
import { RULES_409, RULES_422 } from '../rooms.api-docs';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@Controller('rooms')
export class ChangeBookingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** Fields left out stay; moving to another day or room is a new booking and a cancellation. */
  @Patch('bookings/:bookingId')
  @CommandRoute('Change title, attendees, privacy or times (same day, before the start; organizer or admin)', { 409: RULES_409, 422: RULES_422 }, 200)
  async change(
    @Param('bookingId') bookingId: string,
    @Body() body: ChangeBookingDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    const { title, attendees, start, end } = body;
    const actor = await this.roles.actor(actorId);
    return this.commands.execute(
      new OnBookingCommand({ type: 'ChangeBooking', bookingId, title, attendees, private: body.private, start, end, actor }, ctx, query.waitFor),
    );
  }
}
