import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CancelSeriesDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { idOf } from '../rooms.params';
import { CancelSeriesCommand } from './cancel-series.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class CancelSeriesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('series/:seriesId/cancel')
  @CommandRoute('Stop a series from a date (default: all) and cancel its bookings that have not started')
  async cancelSeries(@Param('seriesId') seriesId: string, @Body() body: CancelSeriesDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    idOf('seriesId', seriesId);
    return this.commands.execute(new CancelSeriesCommand({ type: 'CancelSeries', seriesId, fromDate: body.fromDate, reason: body.reason, actor }, ctx));
  }
}
