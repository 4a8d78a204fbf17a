import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateRoomDto } from '@megabot/contracts';
import type { RoomSettingsInput } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { CommandCtx } from '../../core/request-context';
import { checkKnownTimeZone, idOf, RESERVED_ROOM_IDS, settingsOf } from '../rooms.params';
import { CreateRoomCommand } from './create-room.handler';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class CreateRoomController {
  constructor(private readonly commands: CommandBus) {}

  /** Defaults for everything but name, floor and capacity. */
  @Post('offices/:officeId/rooms')
  @CommandRoute('Create a room in an office (admins)', {
    409: 'The room exists, or the office is archived',
    422: 'Settings invalid (`field` names the setting)',
  })
  async createRoom(@Param('officeId') officeId: string, @Body() body: CreateRoomDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    idOf('officeId', officeId);
    if (RESERVED_ROOM_IDS.has(body.roomId)) throw problem(422, 'rooms.invalid_id', `roomId "${body.roomId}" is reserved`, undefined, { field: 'roomId' });
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const settings = settingsOf(body) as unknown as RoomSettingsInput;
    return this.commands.execute(new CreateRoomCommand(officeId, { type: 'CreateRoom', roomId: body.roomId, settings, actor }, ctx));
  }
}
