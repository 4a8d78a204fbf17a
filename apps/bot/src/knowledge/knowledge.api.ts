import type { CommandResultDto, KnowledgeAnswerView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The knowledge assistant part of the API. */
export class KnowledgeApi {
  constructor(private readonly http: ApiClient) {}

  /** `key`: the update's idempotency key - a redelivered question records one answer. */
  ask(question: string, actor: number, key: string): Promise<KnowledgeAnswerView> {
    return this.http.request({ method: 'POST', path: '/knowledge/ask', body: { question }, actor, idempotencyKey: key, timeoutMs: 60_000 });
  }

  rate(answerId: string, rating: 'up' | 'down', actor: number, key: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'POST', path: `/knowledge/answers/${seg(answerId)}/rating`, body: { rating }, actor, idempotencyKey: key });
  }
}
