import { createHash } from 'node:crypto';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { KnowledgeAnswerView } from '@megabot/contracts';
import { knowledgeAnswerWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import type { RequestActor } from '../../core/access/actor';
import { ExecuteCommand } from '../../core/write-side';
import { KnowledgeIndex } from '../knowledge.index';

export class AskKnowledgeCommand extends Command<KnowledgeAnswerView> {
  constructor(
    readonly question: string,
    readonly actor: RequestActor & { employeeId: string },
    readonly context: CommandContext,
    /** Receives the answer as it is written (streamed responses). */
    readonly onText?: (textSoFar: string) => void,
  ) {
    super();
  }
}

/** The answer's id follows from the command id: a retried question (same Idempotency-Key) lands on the same stream and records one answer. */
export const answerIdOf = (commandId: string) => createHash('sha256').update(`knowledge-answer:${commandId}`).digest('base64url').slice(0, 22);

/**
 * Answers a question from what the asker may read: their reader (tokens, clearance) goes into the search itself,
 * the answerer sees only the readable hits it returned, and the answer - with what it cited - is recorded
 * (KnowledgeAnswerGiven) so it can be rated and reviewed.
 */
@CommandHandler(AskKnowledgeCommand)
export class AskKnowledgeHandler implements ICommandHandler<AskKnowledgeCommand> {
  constructor(
    private readonly index: KnowledgeIndex,
    private readonly commands: CommandBus,
  ) {}

  async execute({ question, actor, context, onText }: AskKnowledgeCommand): Promise<KnowledgeAnswerView> {
    const text = question.trim();
    const reader = await this.index.readerOf(actor);
    const hits = await this.index.search(text, reader);
    const answer = await this.index.answerer.answer(text, hits, onText);
    const answerId = answerIdOf(context.commandId);
    await this.commands.execute(
      new ExecuteCommand(
        knowledgeAnswerWriteSide,
        {
          type: 'RecordAnswer',
          answerId,
          employeeId: actor.employeeId,
          question: text,
          citations: answer.citations.map((c) => c.documentKey),
          mode: answer.mode,
        },
        context,
      ),
    );
    return { answerId, ...answer };
  }
}
