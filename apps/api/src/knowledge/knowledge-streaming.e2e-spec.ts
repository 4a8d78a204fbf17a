import type { KnowledgeAskStreamLine } from '@megabot/contracts';
import { FIXTURE_DOCUMENTS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import { OllamaFixture } from '@megabot/knowledge/testing/ollama-fixture';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

/**
 * The API answering with a model (OLLAMA_URL set to a local stand-in speaking Ollama's streaming /api/chat): the
 * answer streams to the client as NDJSON while the model writes it, and cites only the passages it was given.
 */
describe('knowledge assistant API with a model: streamed answers', () => {
  const ollama = new OllamaFixture();
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ knowledge: { ollamaUrl: await ollama.start(), ollamaAnswerModel: 'qwen2.5:3b' } });
    await system.employees('s-anna');
    for (const d of FIXTURE_DOCUMENTS) await publish(system.store, d);
    for (let i = 0; i < 800; i++) {
      const [{ n }] = await system.ds.query(`SELECT count(*)::int AS n FROM knowledge.documents`).catch(() => [{ n: 0 }]);
      if (n === FIXTURE_DOCUMENTS.length) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }, 120_000);
  afterAll(async () => {
    await system?.close();
    await ollama.stop();
  });

  it('streams the text so far line by line, then the answer citing only the passages the search allowed', async () => {
    ollama.answerParts = ['Every employee ', 'gets 28 calendar days ', 'of paid leave [1]', ', approved by the manager [9].'];
    const res = await request(system.apiUrl)
      .post('/knowledge/ask')
      .set(system.as('s-anna'))
      .set('accept', 'application/x-ndjson')
      .send({ question: 'How many days of paid annual leave do I get?' })
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as KnowledgeAskStreamLine);
    const texts = lines.filter((l) => l.type === 'text').map((l) => (l as { text: string }).text);
    expect(texts).toEqual([
      'Every employee',
      'Every employee gets 28 calendar days',
      'Every employee gets 28 calendar days of paid leave [1]',
      'Every employee gets 28 calendar days of paid leave [1], approved by the manager .',
    ]);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({
      type: 'answer',
      answer: { mode: 'generated', text: 'Every employee gets 28 calendar days of paid leave [1], approved by the manager .' },
    });
    const { answer } = last as Extract<KnowledgeAskStreamLine, { type: 'answer' }>;
    expect(answer.citations.map((c) => c.n)).toEqual([1]);
    // The model was shown the readable passages only, numbered as cited.
    const prompt = JSON.stringify(ollama.chats.at(-1)!.messages);
    expect(ollama.chats.at(-1)!.stream).toBe(true);
    expect(prompt).toContain(`[1] ${answer.citations[0].title}`);
    expect(prompt).not.toContain('BLUEHERON');
  });
});
