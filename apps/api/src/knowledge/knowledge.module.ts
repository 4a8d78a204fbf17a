import { Module } from '@nestjs/common';
import { AskKnowledgeController } from './ask/ask-knowledge.http.controller';
import { AskKnowledgeHandler } from './ask/ask-knowledge.handler';
import { KnowledgeIndex } from './knowledge.index';
import { RateAnswerController } from './rate-answer/rate-answer.http.controller';

/**
 * The knowledge assistant: questions answered from the knowledge index with citations, only ever from what the
 * asker may read, and ratings of the answers. The index is the projector's `knowledge` schema, searched in
 * process (KnowledgeIndex); the connectors that fill it write their events elsewhere.
 */
@Module({
  controllers: [AskKnowledgeController, RateAnswerController],
  providers: [KnowledgeIndex, AskKnowledgeHandler],
})
export class KnowledgeModule {}
