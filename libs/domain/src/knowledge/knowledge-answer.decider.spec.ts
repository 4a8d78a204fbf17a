import type { KnowledgeAnswerGiven } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { knowledgeAnswerDecider } from './knowledge-answer.decider';

const spec = deciderSpec(knowledgeAnswerDecider);
const now = new Date('2026-12-03T10:00:00Z');
const given: KnowledgeAnswerGiven = {
  type: 'KnowledgeAnswerGiven',
  data: { answerId: 'a1', employeeId: 'e-anna', question: 'VPN?', citations: ['wiki:1'], mode: 'extractive', answeredAt: now.toISOString() },
};

describe('knowledge answer decider', () => {
  it('records an answer once', () => {
    spec
      .given([])
      .when({ type: 'RecordAnswer', answerId: 'a1', employeeId: 'e-anna', question: 'VPN?', citations: ['wiki:1'], mode: 'extractive' }, now)
      .then([given]);
    spec
      .given([given])
      .when({ type: 'RecordAnswer', answerId: 'a1', employeeId: 'e-anna', question: 'VPN?', citations: [], mode: 'unknown' }, now)
      .thenThrows('knowledge.answer_exists');
  });

  it('lets the asker rate, change the rating, and records nothing for the same rating again', () => {
    const rated = { type: 'KnowledgeAnswerRated' as const, data: { answerId: 'a1', employeeId: 'e-anna', rating: 'up' as const, ratedAt: now.toISOString() } };
    spec.given([given]).when({ type: 'RateAnswer', answerId: 'a1', employeeId: 'e-anna', rating: 'up' }, now).then([rated]);
    spec.given([given, rated]).when({ type: 'RateAnswer', answerId: 'a1', employeeId: 'e-anna', rating: 'up' }, now).then([]);
    spec
      .given([given, rated])
      .when({ type: 'RateAnswer', answerId: 'a1', employeeId: 'e-anna', rating: 'down' }, now)
      .then([{ ...rated, data: { ...rated.data, rating: 'down' } }]);
  });

  it("refuses a rating of an unknown answer or of someone else's answer alike", () => {
    spec.given([]).when({ type: 'RateAnswer', answerId: 'a1', employeeId: 'e-anna', rating: 'up' }, now).thenThrows('knowledge.answer_not_found');
    spec.given([given]).when({ type: 'RateAnswer', answerId: 'a1', employeeId: 'e-boris', rating: 'down' }, now).thenThrows('knowledge.answer_not_found');
  });
});
