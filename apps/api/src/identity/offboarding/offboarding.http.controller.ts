import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReportBotChatMembershipDto, ReportOffboardingTaskDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { Actor, IdempotencyKey } from '../../core/request-context';
import { OffboardingService } from './offboarding.service';

/** The bot's side of offboarding (chats it administers, removal tasks) and the admins' report. */
@ApiTags('identity')
@Controller('identity')
export class OffboardingHttpController {
  constructor(
    private readonly offboarding: OffboardingService,
    private readonly roles: RolesService,
  ) {}

  @Post('chats/bot-membership')
  @HttpCode(201)
  @ApiOperation({ summary: "The bot reports a my_chat_member update: its status in a group (the chats it administers are where dismissed employees are removed from)" })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Derived from the update id' })
  reportChat(@Body() body: ReportBotChatMembershipDto, @IdempotencyKey() commandId: string) {
    return this.offboarding.reportChat(body, commandId);
  }

  @Get('chats')
  @ApiOperation({ summary: 'Chats the bot is (or was) in, with its status (admins)' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  async chats(@Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'list the bot chats');
    return this.offboarding.chats();
  }

  @Get('offboarding/tasks')
  @ApiOperation({ summary: 'Due removals for the bot to execute (leased for a minute): ban, then unban only_if_banned' })
  @ApiQuery({ name: 'limit', required: false })
  due(@Query('limit') limit?: string) {
    const n = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw problem(400, 'validation.failed', 'limit must be an integer from 1 to 100');
    return this.offboarding.due(n);
  }

  @Post('offboarding/tasks/:taskId/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bot reports a removal done or failed (failed ones are retried with backoff)' })
  report(@Param('taskId') taskId: string, @Body() body: ReportOffboardingTaskDto) {
    if (!/^[0-9a-f]{32}$/.test(taskId)) throw problem(400, 'validation.failed', 'taskId is 32 hex digits');
    return this.offboarding.report(taskId, body.outcome, body.error);
  }

  @Get('offboarding/report')
  @ApiOperation({ summary: 'Admins: removals from chats that are not done yet (with the last error); `all=true` adds the done ones' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  @ApiQuery({ name: 'all', required: false })
  async adminReport(@Actor() actorId: string, @Query('all') all?: string) {
    await this.roles.requireAdmin(actorId, 'read the offboarding report');
    return this.offboarding.adminReport(all === 'true');
  }
}
