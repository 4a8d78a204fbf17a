import { ForEmployee } from '../../core/access/policy';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { roomIdOf } from '../rooms.params';
import { GetRoomQuery } from './get-room.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class GetRoomController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':roomId')
  @ApiOperation({ summary: 'A room and its settings' })
  room(@Param('roomId') roomId: string) {
    return this.queries.execute(new GetRoomQuery(roomIdOf(roomId)));
  }
}
