import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { PublishAnnouncementDto, type Actor, type AnnouncementAudience } from '@megabot/contracts';
import { announcementWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

const audienceOf = (body: PublishAnnouncementDto): AnnouncementAudience =>
  body.audience === 'offices'
    ? { kind: 'offices', offices: body.offices ?? [] }
    : body.audience === 'departments'
      ? { kind: 'departments', departments: body.departments ?? [] }
      : { kind: 'everyone' };

@ApiTags('company')
@ForAdmin()
@Controller('company')
export class PublishAnnouncementController {
  constructor(private readonly commands: CommandBus) {}

  @Post('announcements')
  @CommandRoute(
    'Publish an announcement to everyone, offices or departments (admins); the bot sends it once to each verified employee who has not muted announcements',
    {
      409: 'The id was used for another announcement',
    },
  )
  async publish(@Body() body: PublishAnnouncementDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'PublishAnnouncement' as const, announcementId: body.announcementId, text: body.text, audience: audienceOf(body), actor };
    return (await this.commands.execute(new ExecuteCommand(announcementWriteSide, command, ctx))).result;
  }
}
