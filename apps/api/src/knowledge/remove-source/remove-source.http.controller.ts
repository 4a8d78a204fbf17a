import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Actor, CommandResultDto } from '@megabot/contracts';
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
export class RemoveSourceController {
  constructor(private readonly commands: CommandBus) {}

  /** Its documents leave the index at the projector's next poll (KnowledgeDocumentDeleted, source_removed). */
  @Delete('sources/:sourceId')
  @CommandRoute('Remove a knowledge source (admins): its documents are deleted from the index', { 404: 'No such source' }, 200)
  async remove(
    @Param('sourceId') sourceId: string,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { sourceId: string }> {
    sourceIdOf(sourceId);
    const { result } = await this.commands.execute(new ExecuteCommand(knowledgeSourceWriteSide, { type: 'RemoveKnowledgeSource', sourceId, actor }, ctx));
    return { ...result, sourceId };
  }
}
