import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RequestKnowledgeSyncDto, type Actor, type CommandResultDto } from '@megabot/contracts';
import { knowledgeSourceWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { sourceIdOf } from '../knowledge-sources.params';

@ApiTags('knowledge')
@ForAdmin()
@Controller('knowledge')
export class RequestSyncController {
  constructor(private readonly commands: CommandBus) {}

  /** The projector's sync runner starts it at its next poll; follow it on GET /knowledge/sources/:sourceId (progress). */
  @Post('sources/:sourceId/sync')
  @CommandRoute('Ask for a sync of a knowledge source now (admins)', { 404: 'No such source', 409: 'The source was removed' })
  async requestSync(
    @Param('sourceId') sourceId: string,
    @Body() body: RequestKnowledgeSyncDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { sourceId: string; mode: 'incremental' | 'full' }> {
    sourceIdOf(sourceId);
    const mode = body.mode ?? 'incremental';
    const { result } = await this.commands.execute(new ExecuteCommand(knowledgeSourceWriteSide, { type: 'RequestKnowledgeSync', sourceId, mode, actor }, ctx));
    return { ...result, sourceId, mode };
  }
}
