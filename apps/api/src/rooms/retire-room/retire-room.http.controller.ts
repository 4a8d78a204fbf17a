import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomsReasonDto, type CommandResultDto } from '@megabot/contracts';
import { roomWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { ExecuteCommand } from '../../core/write-side';
import { roomIdOf } from '../rooms.params';

@ApiTags('rooms')
@Controller('rooms')
export class RetireRoomController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** Existing bookings stay until cancelled. */
  @Post(':roomId/retire')
  @CommandRoute('Retire a room (admins): no more bookings')
  async retireRoom(
    @Param('roomId') roomId: string,
    @Body() body: RoomsReasonDto,
    @Actor() actorId: string,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { roomId: string }> {
    roomIdOf(roomId);
    await this.roles.requireAdmin(actorId, 'manage rooms');
    const actor = await this.roles.actor(actorId);
    const { result } = await this.commands.execute(new ExecuteCommand(roomWriteSide, { type: 'RetireRoom', roomId, reason: body.reason, actor }, ctx));
    return { ...result, roomId };
  }
}
