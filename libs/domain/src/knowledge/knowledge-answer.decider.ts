import { knowledgeAnswerStreamId, KNOWLEDGE_SCHEMA_VERSIONS, type KnowledgeAnswerGiven, type KnowledgeAnswerRated } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';

/**
 * An answer of the knowledge assistant (stream `knowledge-answer-<answerId>`): what was asked and which documents
 * it cited, then the asker's 👍/👎. Only the asker rates their answer; rating it again the same way records
 * nothing, the other way records the change.
 */
export type KnowledgeAnswerCommand =
  | {
      type: 'RecordAnswer';
      answerId: string;
      employeeId: string;
      question: string;
      citations: string[];
      mode: KnowledgeAnswerGiven['data']['mode'];
    }
  | { type: 'RateAnswer'; answerId: string; employeeId: string; rating: 'up' | 'down' };

export type KnowledgeAnswerEvent = KnowledgeAnswerGiven | KnowledgeAnswerRated;

export type KnowledgeAnswerState = { status: 'none' } | { status: 'given'; employeeId: string; rating: 'up' | 'down' | null };

export const knowledgeAnswerDecider: Decider<KnowledgeAnswerCommand, KnowledgeAnswerEvent, KnowledgeAnswerState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    if (event.type === 'KnowledgeAnswerGiven') return { status: 'given', employeeId: event.data.employeeId, rating: null };
    return state.status === 'given' ? { ...state, rating: event.data.rating } : state;
  },
  decide(state, command, now) {
    if (command.type === 'RecordAnswer') {
      if (state.status !== 'none')
        throw new DomainError('knowledge.answer_exists', 'conflict', 'This answer was already recorded', { answerId: command.answerId });
      const { answerId, employeeId, question, citations, mode } = command;
      return [{ type: 'KnowledgeAnswerGiven', data: { answerId, employeeId, question, citations, mode, answeredAt: now.toISOString() } }];
    }
    // Another employee's answer is as unknown as a missing one: nobody learns which answers exist.
    if (state.status !== 'given' || state.employeeId !== command.employeeId) {
      throw new DomainError('knowledge.answer_not_found', 'not_found', 'No such answer of yours', { answerId: command.answerId });
    }
    if (state.rating === command.rating) return [];
    return [
      {
        type: 'KnowledgeAnswerRated',
        data: { answerId: command.answerId, employeeId: command.employeeId, rating: command.rating, ratedAt: now.toISOString() },
      },
    ];
  },
};

export const knowledgeAnswerWriteSide: WriteSideDefinition<KnowledgeAnswerCommand, KnowledgeAnswerEvent, KnowledgeAnswerState> = {
  name: 'knowledge.answer',
  decider: knowledgeAnswerDecider,
  streamOf: (command) => knowledgeAnswerStreamId(command.answerId),
  schemaVersionOf: versionsFrom(KNOWLEDGE_SCHEMA_VERSIONS),
};
