import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateOfficeDto, type CommandResultDto } from '@megabot/contracts';
import { officeWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { ExecuteCommand } from '../../core/write-side';
import { checkKnownTimeZone } from '../rooms.params';

@ApiTags('rooms')
@Controller('rooms')
export class CreateOfficeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  /** Its time zone is the default of its rooms. */
  @Post('offices')
  @CommandRoute('Create an office (admins)', { 403: 'Not an admin', 409: 'The office exists' })
  async createOffice(
    @Body() body: CreateOfficeDto,
    @Actor() actorId: string,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { officeId: string }> {
    await this.roles.requireAdmin(actorId, 'manage offices');
    checkKnownTimeZone('timeZone', body.timeZone);
    const { officeId, name, address, timeZone } = body;
    const actor = await this.roles.actor(actorId);
    const command = { type: 'CreateOffice' as const, officeId, name, address, timeZone, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(officeWriteSide, command, ctx));
    return { ...result, officeId };
  }
}
