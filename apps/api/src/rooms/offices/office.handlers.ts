import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RolesService } from '../../core/roles.service';
import { commandResult, RoomsWriteModel } from '../rooms.write-model';
import { checkKnownTimeZone } from '../rooms.validation';
import { ArchiveOfficeCommand, CreateOfficeCommand, UpdateOfficeCommand } from './office.commands';

@CommandHandler(CreateOfficeCommand)
export class CreateOfficeHandler implements ICommandHandler<CreateOfficeCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ body, ctx }: CreateOfficeCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage offices');
    checkKnownTimeZone('timeZone', body.timeZone);
    const outcome = await this.rooms.office(
      { type: 'CreateOffice', officeId: body.officeId, name: body.name, address: body.address, timeZone: body.timeZone, actor: await this.roles.actor(ctx.actorId) },
      ctx,
      { create: body },
    );
    return { ...commandResult(outcome), officeId: body.officeId };
  }
}

@CommandHandler(UpdateOfficeCommand)
export class UpdateOfficeHandler implements ICommandHandler<UpdateOfficeCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ officeId, body, ctx }: UpdateOfficeCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage offices');
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const outcome = await this.rooms.office(
      { type: 'UpdateOffice', officeId, name: body.name, address: body.address, timeZone: body.timeZone, actor: await this.roles.actor(ctx.actorId) },
      ctx,
      { update: officeId, body },
    );
    return { ...commandResult(outcome), officeId };
  }
}

@CommandHandler(ArchiveOfficeCommand)
export class ArchiveOfficeHandler implements ICommandHandler<ArchiveOfficeCommand> {
  constructor(
    private readonly rooms: RoomsWriteModel,
    private readonly roles: RolesService,
  ) {}

  async execute({ officeId, reason, ctx }: ArchiveOfficeCommand) {
    await this.roles.requireAdmin(ctx.actorId, 'manage offices');
    const outcome = await this.rooms.office({ type: 'ArchiveOffice', officeId, reason, actor: await this.roles.actor(ctx.actorId) }, ctx, { archive: officeId, reason });
    return { ...commandResult(outcome), officeId };
  }
}
