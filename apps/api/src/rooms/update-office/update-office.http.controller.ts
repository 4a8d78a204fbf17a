import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UpdateOfficeDto, type CommandResultDto } from '@megabot/contracts';
import { officeWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { checkKnownTimeZone, idOf } from '../rooms.params';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class UpdateOfficeController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('offices/:officeId')
  @CommandRoute('Change an office (admins); rooms keep their own time zone', {}, 200)
  async updateOffice(
    @Param('officeId') officeId: string,
    @Body() body: UpdateOfficeDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { officeId: string }> {
    idOf('officeId', officeId);
    if (body.timeZone !== undefined) checkKnownTimeZone('timeZone', body.timeZone);
    const { name, address, timeZone } = body;
    const command = { type: 'UpdateOffice' as const, officeId, name, address, timeZone, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(officeWriteSide, command, ctx));
    return { ...result, officeId };
  }
}
