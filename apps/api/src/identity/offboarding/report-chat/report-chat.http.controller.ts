import { ForBot } from '../../../core/access/policy';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ReportBotChatMembershipDto } from '@megabot/contracts';
import { telegramChatWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { ExecuteCommand } from '../../../core/write-side';

@ApiTags('identity')
@ForBot()
@Controller('identity/chats')
export class ReportChatController {
  constructor(private readonly commands: CommandBus) {}

  @Post('bot-membership')
  @CommandRoute('The bot reports a my_chat_member update: its status in a group (the chats it administers are where dismissed employees are removed from)')
  async reportChat(@Body() body: ReportBotChatMembershipDto, @CommandCtx() ctx: CommandContext) {
    const { date, ...membership } = body;
    const command = { type: 'ReportBotChatMembership' as const, ...membership, changedAt: date ? new Date(date * 1000).toISOString() : undefined };
    return (await this.commands.execute(new ExecuteCommand(telegramChatWriteSide, command, ctx))).result;
  }
}
