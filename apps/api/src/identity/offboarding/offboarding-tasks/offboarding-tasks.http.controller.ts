import { ForBot } from '../../../core/access/policy';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReportOffboardingTaskDto } from '@megabot/contracts';
import { problem } from '../../../core/problem';
import { LeaseOffboardingTasks, ReportOffboardingTask } from './offboarding-tasks.handler';

/** The bot's side of offboarding: it executes the removals and reports back. */
@ApiTags('identity')
@ForBot()
@Controller('identity/offboarding/tasks')
export class OffboardingTasksController {
  constructor(private readonly commands: CommandBus) {}

  @Get()
  @ApiOperation({ summary: 'Due removals for the bot to execute (leased for a minute): ban, then unban only_if_banned' })
  @ApiQuery({ name: 'limit', required: false })
  due(@Query('limit') limit?: string) {
    const n = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw problem(400, 'validation.failed', 'limit must be an integer from 1 to 100');
    return this.commands.execute(new LeaseOffboardingTasks(n));
  }

  @Post(':taskId/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bot reports a removal done or failed (failed ones are retried with backoff)' })
  report(@Param('taskId') taskId: string, @Body() body: ReportOffboardingTaskDto) {
    if (!/^[0-9a-f]{32}$/.test(taskId)) throw problem(400, 'validation.failed', 'taskId is 32 hex digits');
    return this.commands.execute(new ReportOffboardingTask(taskId, body.leaseToken, body.outcome, body.error));
  }
}
