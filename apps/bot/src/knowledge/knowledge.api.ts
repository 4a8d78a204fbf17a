import type { CommandResultDto, KnowledgeAnswerView, KnowledgeAskStreamLine } from '@megabot/contracts';
import { ApiProblem, seg, type ApiClient } from '../shared/api-client';

/** The knowledge assistant part of the API. */
export class KnowledgeApi {
  constructor(private readonly http: ApiClient) {}

  /**
   * `key`: the update's idempotency key - a redelivered question records one answer. `onText` receives the answer
   * as the model writes it (the whole text so far), when the API has a model; the returned answer is the final one.
   */
  async ask(question: string, actor: number, key: string, onText?: (textSoFar: string) => void): Promise<KnowledgeAnswerView> {
    let answer: KnowledgeAnswerView | undefined;
    let problem: ApiProblem | undefined;
    await this.http.request({
      method: 'POST',
      path: '/knowledge/ask',
      body: { question },
      actor,
      idempotencyKey: key,
      timeoutMs: 60_000,
      lines: (value) => {
        const line = value as KnowledgeAskStreamLine;
        if (line.type === 'text') onText?.(line.text);
        else if (line.type === 'answer') answer = line.answer;
        else if (line.type === 'problem') problem = new ApiProblem(line.problem);
      },
    });
    if (problem) throw problem;
    if (!answer) throw new Error('POST /knowledge/ask: the streamed answer ended without its answer line');
    return answer;
  }

  rate(answerId: string, rating: 'up' | 'down', actor: number, key: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'POST', path: `/knowledge/answers/${seg(answerId)}/rating`, body: { rating }, actor, idempotencyKey: key });
  }
}
