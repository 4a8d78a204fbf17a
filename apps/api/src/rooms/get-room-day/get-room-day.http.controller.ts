import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { OptionalEmployee } from '../../core/access/actor';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomDayQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { roomIdOf } from '../rooms.params';
import { GetRoomDayQuery } from './get-room-day.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class GetRoomDayController {
  constructor(private readonly queries: QueryBus) {}

  /** Titles of private bookings only for participants and admins. */
  @Get(':roomId/day')
  @QueryRoute("A room's day: bookings, free intervals, and today the current status and book-now options")
  roomDay(@Param('roomId') roomId: string, @Query() query: RoomDayQueryDto, @OptionalEmployee() viewer?: Actor) {
    return this.queries.execute(new GetRoomDayQuery(roomIdOf(roomId), query.date, viewer?.employeeId));
  }
}
