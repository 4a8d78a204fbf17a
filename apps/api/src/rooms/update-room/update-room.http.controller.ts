import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UpdateRoomDto, type CommandResultDto } from '@megabot/contracts';
import { RoomsErrors, roomWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { checkKnownTimeZone, roomIdOf, settingsOf } from '../rooms.params';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class UpdateRoomController {
  constructor(private readonly commands: CommandBus) {}

  /** Settings replaced key by key, the booking policy merged field by field. */
  @Patch(':roomId')
  @CommandRoute('Change room settings (admins): capacity, equipment, hours, buffer, privacy, check-in window, auto-release, policy', {}, 200)
  async updateRoom(
    @Param('roomId') roomId: string,
    @Body() body: UpdateRoomDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { roomId: string }> {
    roomIdOf(roomId);
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const changes = settingsOf(body);
    if (Object.keys(changes).length === 0) throw RoomsErrors.nothingChanged();
    const { result } = await this.commands.execute(new ExecuteCommand(roomWriteSide, { type: 'UpdateRoom', roomId, changes, actor }, ctx));
    return { ...result, roomId };
  }
}
