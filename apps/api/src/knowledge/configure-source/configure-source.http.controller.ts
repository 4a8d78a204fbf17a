import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ConfigureKnowledgeSourceDto, type Actor, type CommandResultDto } from '@megabot/contracts';
import { knowledgeSourceWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('knowledge')
@ForAdmin()
@Controller('knowledge')
export class ConfigureSourceController {
  constructor(private readonly commands: CommandBus) {}

  /** Creates the source, or changes it (an unchanged configuration writes nothing). The first sync starts within a poll of the projector. */
  @Post('sources')
  @CommandRoute('Configure a knowledge source (admins): file share, MediaWiki or Confluence; the credential only by its variable name', {
    409: 'The source exists with another kind',
    422: 'Invalid settings (a secret in place of its variable name, a URL with credentials, a bad schedule)',
  })
  async configure(
    @Body() body: ConfigureKnowledgeSourceDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { sourceId: string }> {
    const { sourceId, kind, name, location, settings, credentialRef, syncEveryMinutes } = body;
    const command = { type: 'ConfigureKnowledgeSource' as const, sourceId, kind, name, location, settings, credentialRef, syncEveryMinutes, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(knowledgeSourceWriteSide, command, ctx));
    return { ...result, sourceId };
  }
}
