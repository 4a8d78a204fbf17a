import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateRoomDto } from '@megabot/contracts';
import type { RoomSettingsInput } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { checkKnownTimeZone, idOf, RESERVED_ROOM_IDS, settingsOf } from '../rooms.params';
import { CreateRoomCommand } from './create-room.handler';

@ApiTags('rooms')
@Controller('rooms')
export class CreateRoomController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** Defaults for everything but name, floor and capacity. */
  @Post('offices/:officeId/rooms')
  @CommandRoute('Create a room in an office (admins)', {
    409: 'The room exists, or the office is archived',
    422: 'Settings invalid (`field` names the setting)',
  })
  async createRoom(@Param('officeId') officeId: string, @Body() body: CreateRoomDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    idOf('officeId', officeId);
    await this.roles.requireAdmin(actorId, 'manage rooms');
    if (RESERVED_ROOM_IDS.has(body.roomId)) throw problem(422, 'rooms.invalid_id', `roomId "${body.roomId}" is reserved`, undefined, { field: 'roomId' });
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const settings = settingsOf(body) as unknown as RoomSettingsInput;
    const actor = await this.roles.actor(actorId);
    return this.commands.execute(new CreateRoomCommand(officeId, { type: 'CreateRoom', roomId: body.roomId, settings, actor }, ctx));
  }
}
