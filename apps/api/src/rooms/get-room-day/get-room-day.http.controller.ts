import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomDayQueryDto } from '@megabot/contracts';
import { QueryRoute } from '../../core/api-docs';
import { Viewer } from '../../core/request-context';
import { roomIdOf } from '../rooms.params';
import { GetRoomDayQuery } from './get-room-day.handler';

@ApiTags('rooms')
@Controller('rooms')
export class GetRoomDayController {
  constructor(private readonly queries: QueryBus) {}

  /** Titles of private bookings only for participants and admins. */
  @Get(':roomId/day')
  @QueryRoute("A room's day: bookings, free intervals, and today the current status and book-now options")
  roomDay(@Param('roomId') roomId: string, @Query() query: RoomDayQueryDto, @Viewer() viewerId?: string) {
    return this.queries.execute(new GetRoomDayQuery(roomIdOf(roomId), query.date, viewerId));
  }
}
