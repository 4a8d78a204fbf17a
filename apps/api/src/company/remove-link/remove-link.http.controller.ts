import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@megabot/contracts';
import { usefulLinksWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('company')
@ForAdmin()
@Controller('company')
export class RemoveLinkController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('links/:linkId')
  @CommandRoute('Remove a useful link (admins); removing it again changes nothing', {}, 200)
  async remove(@Param('linkId') linkId: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    return (await this.commands.execute(new ExecuteCommand(usefulLinksWriteSide, { type: 'RemoveUsefulLink' as const, linkId, actor }, ctx))).result;
  }
}
