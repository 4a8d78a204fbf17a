import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RoomsReasonDto, type CommandResultDto } from '@megabot/contracts';
import { officeWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class ArchiveOfficeController {
  constructor(private readonly commands: CommandBus) {}

  /** Its rooms stay bookable until retired one by one. */
  @Post('offices/:officeId/archive')
  @CommandRoute('Archive an office (admins): no new rooms; its rooms stay until retired')
  async archiveOffice(
    @Param('officeId') officeId: string,
    @Body() body: RoomsReasonDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { officeId: string }> {
    idOf('officeId', officeId);
    const { result } = await this.commands.execute(new ExecuteCommand(officeWriteSide, { type: 'ArchiveOffice', officeId, reason: body.reason, actor }, ctx));
    return { ...result, officeId };
  }
}
