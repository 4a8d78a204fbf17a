import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UpdateUsefulLinkDto, type Actor } from '@megabot/contracts';
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
export class UpdateLinkController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('links/:linkId')
  @CommandRoute('Change a useful link (admins); only the fields given', { 404: 'No such link' }, 200)
  async update(@Param('linkId') linkId: string, @Body() body: UpdateUsefulLinkDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const changes = { category: body.category, title: body.title, url: body.url, description: body.description };
    return (await this.commands.execute(new ExecuteCommand(usefulLinksWriteSide, { type: 'UpdateUsefulLink' as const, linkId, changes, actor }, ctx))).result;
  }
}
