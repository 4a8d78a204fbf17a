import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { KNOWLEDGE_ANSWER_ID_PATTERN, RateKnowledgeAnswerDto, type Actor } from '@megabot/contracts';
import { knowledgeAnswerWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('knowledge')
@ForEmployee()
@Controller('knowledge')
export class RateAnswerController {
  constructor(private readonly commands: CommandBus) {}

  @Post('answers/:answerId/rating')
  @CommandRoute('Rate an answer you were given (👍 up / 👎 down); the same rating again records nothing', { 404: 'No such answer of yours' }, 200)
  async rate(@Param('answerId') answerId: string, @Body() body: RateKnowledgeAnswerDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    if (!KNOWLEDGE_ANSWER_ID_PATTERN.test(answerId)) throw problem(400, 'knowledge.answer_id_invalid', 'answerId must be 8-64 letters, digits, "_" or "-"');
    const { result } = await this.commands.execute(
      new ExecuteCommand(knowledgeAnswerWriteSide, { type: 'RateAnswer', answerId, employeeId: actor.employeeId, rating: body.rating }, ctx),
    );
    return { ...result, answerId, rating: body.rating };
  }
}
