import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { isPeriod, ReopenPeriodDto, type Actor } from '@megabot/contracts';
import { periodWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

export function periodOf(period: string): string {
  if (!isPeriod(period)) throw problem(400, 'validation.failed', 'period must be a month YYYY-MM');
  return period;
}

@ApiTags('timesheets')
@ForAdmin()
@Controller('timesheets')
export class ClosePeriodController {
  constructor(private readonly commands: CommandBus) {}

  @Post('periods/:period/close')
  @CommandRoute('Close a month: no entry of it can be logged, edited or deleted any more (admins)')
  async close(@Param('period') period: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { result } = await this.commands.execute(new ExecuteCommand(periodWriteSide, { type: 'ClosePeriod', period: periodOf(period), actor }, ctx));
    return result;
  }

  @Post('periods/:period/reopen')
  @CommandRoute('Reopen a closed month, with the reason (admins; recorded for auditors)', { 409: 'The period is not closed' })
  async reopen(@Param('period') period: string, @Body() body: ReopenPeriodDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'ReopenPeriod' as const, period: periodOf(period), reason: body.reason, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(periodWriteSide, command, ctx));
    return result;
  }
}
