import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CheckInDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { roomIdOf } from '../rooms.params';
import { CheckInRoomCommand } from './check-in-room.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class CheckInRoomController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roomId/check-in')
  @CommandRoute("Check in the room's booking whose check-in is open now (the door's QR code names only the room)", { 409: 'Nothing waits for a check-in now' })
  async checkInRoom(@Param('roomId') roomId: string, @Body() body: CheckInDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    return this.commands.execute(new CheckInRoomCommand(roomId, { type: 'CheckIn', via: body.via ?? 'qr', actor: actor }, ctx));
  }
}
