import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomsReasonDto, type CommandResultDto } from '@megabot/contracts';
import { roomWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { roomIdOf } from '../rooms.params';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class RetireRoomController {
  constructor(private readonly commands: CommandBus) {}

  /** Existing bookings stay until cancelled. */
  @Post(':roomId/retire')
  @CommandRoute('Retire a room (admins): no more bookings')
  async retireRoom(
    @Param('roomId') roomId: string,
    @Body() body: RoomsReasonDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { roomId: string }> {
    roomIdOf(roomId);
    const { result } = await this.commands.execute(new ExecuteCommand(roomWriteSide, { type: 'RetireRoom', roomId, reason: body.reason, actor }, ctx));
    return { ...result, roomId };
  }
}
