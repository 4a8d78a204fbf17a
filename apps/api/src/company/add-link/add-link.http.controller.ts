import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AddUsefulLinkDto, type Actor } from '@megabot/contracts';
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
export class AddLinkController {
  constructor(private readonly commands: CommandBus) {}

  @Post('links')
  @CommandRoute('Add a useful link (admins)', { 409: 'The link id is taken' })
  async add(@Body() body: AddUsefulLinkDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const link = { linkId: body.linkId, category: body.category, title: body.title, url: body.url, description: body.description ?? '' };
    return (await this.commands.execute(new ExecuteCommand(usefulLinksWriteSide, { type: 'AddUsefulLink' as const, link, actor }, ctx))).result;
  }
}
