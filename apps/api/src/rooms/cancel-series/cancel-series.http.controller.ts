import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CancelSeriesDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { idOf } from '../rooms.params';
import { CancelSeriesCommand } from './cancel-series.handler';

@ApiTags('rooms')
@Controller('rooms')
export class CancelSeriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  @Post('series/:seriesId/cancel')
  @CommandRoute('Stop a series from a date (default: all) and cancel its bookings that have not started')
  async cancelSeries(@Param('seriesId') seriesId: string, @Body() body: CancelSeriesDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    idOf('seriesId', seriesId);
    const actor = await this.roles.actor(actorId);
    return this.commands.execute(new CancelSeriesCommand({ type: 'CancelSeries', seriesId, fromDate: body.fromDate, reason: body.reason, actor }, ctx));
  }
}
