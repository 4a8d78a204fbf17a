import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { WithdrawAnnouncementDto, type Actor } from '@megabot/contracts';
import { announcementWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('company')
@ForAdmin()
@Controller('company')
export class WithdrawAnnouncementController {
  constructor(private readonly commands: CommandBus) {}

  @Post('announcements/:announcementId/withdraw')
  @CommandRoute('Withdraw an announcement (admins): its notices not sent yet are never sent; a second withdrawal changes nothing', {
    404: 'No such announcement',
  })
  async withdraw(
    @Param('announcementId') announcementId: string,
    @Body() body: WithdrawAnnouncementDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'WithdrawAnnouncement' as const, announcementId, reason: body.reason, actor };
    return (await this.commands.execute(new ExecuteCommand(announcementWriteSide, command, ctx))).result;
  }
}
