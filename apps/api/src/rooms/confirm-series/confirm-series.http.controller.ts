import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandResultDto } from '@megabot/contracts';
import { seriesWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { idOf } from '../rooms.params';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class ConfirmSeriesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('series/:seriesId/confirm')
  @CommandRoute('Keep a series flagged as unattended (organizer or admin)')
  async confirmSeries(
    @Param('seriesId') seriesId: string,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { seriesId: string }> {
    idOf('seriesId', seriesId);
    const { result } = await this.commands.execute(new ExecuteCommand(seriesWriteSide, { type: 'ConfirmSeries', seriesId, actor }, ctx));
    return { ...result, seriesId };
  }
}
