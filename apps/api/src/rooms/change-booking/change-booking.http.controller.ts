import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Patch, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, ChangeBookingDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { OnBookingCommand } from '../on-booking.handler';
import { RULES_409, RULES_422 } from '../rooms.api-docs';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class ChangeBookingController {
  constructor(private readonly commands: CommandBus) {}

  /** Fields left out stay; moving to another day or room is a new booking and a cancellation. */
  @Patch('bookings/:bookingId')
  @CommandRoute('Change title, attendees, privacy or times (same day, before the start; organizer or admin)', { 409: RULES_409, 422: RULES_422 }, 200)
  async change(
    @Param('bookingId') bookingId: string,
    @Body() body: ChangeBookingDto,
    @Query() query: BookingLookupQueryDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    const { title, attendees, start, end } = body;
    return this.commands.execute(
      new OnBookingCommand({ type: 'ChangeBooking', bookingId, title, attendees, private: body.private, start, end, actor }, ctx, query.waitFor),
    );
  }
}
