import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AskKnowledgeDto, type KnowledgeAnswerView } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { Caller, employeeOf, type RequestActor } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { AskKnowledgeCommand } from './ask-knowledge.handler';

@ApiTags('knowledge')
@ForEmployee()
@Controller('knowledge')
export class AskKnowledgeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('ask')
  @CommandRoute('Ask the knowledge base: a cited answer from what you may read, or mode "unknown"', {}, 200)
  async ask(@Body() body: AskKnowledgeDto, @Caller() actor: RequestActor, @CommandCtx() ctx: CommandContext): Promise<KnowledgeAnswerView> {
    const { employeeId } = employeeOf(actor);
    return this.commands.execute(new AskKnowledgeCommand(body.question, { ...actor, employeeId }, ctx));
  }
}
