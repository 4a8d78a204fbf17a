import { PassThrough } from 'node:stream';
import { Body, Controller, Headers, Logger, Post, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AskKnowledgeDto, KNOWLEDGE_ASK_STREAM_TYPE, type KnowledgeAnswerView, type KnowledgeAskStreamLine } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { Caller, employeeOf, type RequestActor } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { problemOf } from '../../core/problem-details.filter';
import { CommandCtx } from '../../core/request-context';
import { AskKnowledgeCommand } from './ask-knowledge.handler';

@ApiTags('knowledge')
@ForEmployee()
@Controller('knowledge')
export class AskKnowledgeController {
  private readonly logger = new Logger('KnowledgeAsk');

  constructor(private readonly commands: CommandBus) {}

  @Post('ask')
  @CommandRoute(
    'Ask the knowledge base: a cited answer from what you may read, or mode "unknown". With Accept: application/x-ndjson the answer streams as it is written (KnowledgeAskStreamLine per line)',
    {},
    200,
  )
  async ask(
    @Body() body: AskKnowledgeDto,
    @Caller() actor: RequestActor,
    @CommandCtx() ctx: CommandContext,
    @Headers('accept') accept: string | undefined,
  ): Promise<KnowledgeAnswerView | StreamableFile> {
    const { employeeId } = employeeOf(actor);
    const ask = (onText?: (text: string) => void) => this.commands.execute(new AskKnowledgeCommand(body.question, { ...actor, employeeId }, ctx, onText));
    if (!accept?.includes(KNOWLEDGE_ASK_STREAM_TYPE)) return ask();
    const lines = new PassThrough();
    const send = (line: KnowledgeAskStreamLine) => lines.write(`${JSON.stringify(line)}\n`);
    ask((text) => send({ type: 'text', text }))
      .then(
        (answer) => send({ type: 'answer', answer }),
        (e: unknown) => send({ type: 'problem', problem: problemOf(e, this.logger) }),
      )
      .finally(() => lines.end());
    return new StreamableFile(lines, { type: `${KNOWLEDGE_ASK_STREAM_TYPE}; charset=utf-8` });
  }
}
