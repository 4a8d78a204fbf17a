import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RoomsErrors } from '@megabot/domain';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { checkKnownTimeZone, RESERVED_ROOM_IDS } from '../rooms.validation';
import { commandResult, RoomsWriteModel } from '../rooms.write-model';
import { CreateRoomCommand, RetireRoomCommand, UpdateRoomCommand } from './room-admin.commands';

/** DTO -> the domain's settings input: only the keys the client sent (class-transformer leaves the rest undefined). */
function settingsOf(body: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined && k !== 'roomId') out[k] = v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v;
  return out;
}

@CommandHandler(CreateRoomCommand)
export class CreateRoomHandler implements ICommandHandler<CreateRoomCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ officeId, body, ctx }: CreateRoomCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage rooms');
    if (RESERVED_ROOM_IDS.has(body.roomId)) throw problem(422, 'rooms.invalid_id', `roomId "${body.roomId}" is reserved`, undefined, { field: 'roomId' });
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const office = await this.rooms.officeState(officeId);
    if (office.status === 'none') throw RoomsErrors.officeNotFound(officeId);
    const settings = settingsOf(body as unknown as Record<string, unknown>) as never;
    const outcome = await this.rooms.room(
      {
        type: 'CreateRoom',
        roomId: body.roomId,
        office: { officeId, timeZone: office.timeZone, archived: office.status === 'archived' },
        settings,
        actor: await this.roles.actor(ctx.actorId),
      },
      ctx,
      { officeId, body },
    );
    return { ...commandResult(outcome), roomId: body.roomId };
  }
}

@CommandHandler(UpdateRoomCommand)
export class UpdateRoomHandler implements ICommandHandler<UpdateRoomCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ roomId, body, ctx }: UpdateRoomCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage rooms');
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const changes = settingsOf(body as unknown as Record<string, unknown>);
    if (Object.keys(changes).length === 0) throw RoomsErrors.nothingChanged();
    const outcome = await this.rooms.room({ type: 'UpdateRoom', roomId, changes, actor: await this.roles.actor(ctx.actorId) }, ctx, { update: roomId, body });
    return { ...commandResult(outcome), roomId };
  }
}

@CommandHandler(RetireRoomCommand)
export class RetireRoomHandler implements ICommandHandler<RetireRoomCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ roomId, reason, ctx }: RetireRoomCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage rooms');
    const outcome = await this.rooms.room({ type: 'RetireRoom', roomId, reason, actor: await this.roles.actor(ctx.actorId) }, ctx, { retire: roomId, reason });
    return { ...commandResult(outcome), roomId };
  }
}
