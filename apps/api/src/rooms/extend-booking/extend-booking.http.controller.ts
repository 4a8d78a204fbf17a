import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookingLookupQueryDto, ExtendBookingDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { OnBookingCommand } from '../on-booking.handler';
import { RULES_409 } from '../rooms.api-docs';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class ExtendBookingController {
  constructor(private readonly commands: CommandBus) {}

  @Post('bookings/:bookingId/extend')
  @CommandRoute('Move the end later (participants or admin), if the room is free and the rules allow', { 409: RULES_409 })
  async extend(
    @Param('bookingId') bookingId: string,
    @Body() body: ExtendBookingDto,
    @Query() query: BookingLookupQueryDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    idOf('bookingId', bookingId);
    return this.commands.execute(new OnBookingCommand({ type: 'ExtendBooking', bookingId, minutes: body.minutes, actor }, ctx, query.waitFor));
  }
}
