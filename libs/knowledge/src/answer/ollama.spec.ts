import { OllamaEmbedder } from '../embedding/ollama.embedder';
import type { IndexedChunk, SearchHit } from '../search/search-index';
import { OllamaFixture } from '../testing/ollama-fixture';
import { OllamaAnswerer } from './answerer';

/**
 * The Ollama adapters against a local HTTP server that imitates Ollama's /api/embed and /api/chat: real HTTP through
 * the real `ollama` client, testing what the adapters send and how they treat each kind of answer - not that a model
 * works (that is the contract run with OLLAMA_URL, below).
 */
const ollama = new OllamaFixture();
const requests = ollama.requests;
let host: string;
/** Scripted per test (the fixture's defaults are not used here). */
let reply: NonNullable<OllamaFixture['reply']> = () => ({ body: {} });

beforeAll(async () => {
  host = await ollama.start();
  ollama.reply = (path, body) => reply(path, body);
});
afterAll(() => ollama.stop());
beforeEach(() => (requests.length = 0));

const chat = (content: string) => ({ body: { model: 'm', created_at: new Date().toISOString(), message: { role: 'assistant', content }, done: true } });
const hit = (key: string, text: string, relevant = true): SearchHit => ({
  chunk: {
    chunkId: `${key}#0`,
    documentKey: key,
    ordinal: 0,
    title: `Title of ${key}`,
    breadcrumb: ['HR'],
    url: `https://wiki.example.com/${key}`,
    headings: [],
    text,
    indexText: text,
    language: 'en',
    access: { public: true, allow: [], classification: 'internal' },
    vector: null,
    model: null,
  } satisfies IndexedChunk,
  score: 1,
  coverage: relevant ? 1 : 0,
  trigram: 0,
  cosine: null,
  relevant,
});

describe('OllamaEmbedder', () => {
  it('asks /api/embed with the model and the texts, and returns unit vectors recording the model', async () => {
    reply = (_, body) => ({ body: { model: body.model, embeddings: (body.input as string[]).map((_, i) => [3, 4 + i]) } });
    const embedder = new OllamaEmbedder(host, 'bge-m3');
    const [a, b] = await embedder.embed(['один', 'two']);
    expect(requests[0]).toMatchObject({ path: '/api/embed', body: { model: 'bge-m3', input: ['один', 'two'] } });
    expect(Array.from(a)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Math.hypot(...Array.from(b))).toBeCloseTo(1, 6);
    expect(embedder.model).toBe('ollama:bge-m3');
    expect(embedder.covers('ru')).toBe(true);
  });

  it('names the missing service when Ollama is not there', async () => {
    await expect(new OllamaEmbedder('http://127.0.0.1:9', 'bge-m3').embed(['x'])).rejects.toThrow(/Ollama is not reachable/);
  });
});

describe('OllamaAnswerer', () => {
  const hits = [
    hit('wiki:1', 'Employees get 28 days of leave.'),
    hit('wiki:2', 'Leave is requested in the HR portal.'),
    hit('wiki:3', 'Unrelated text.', false),
  ];

  it('gives the model only the relevant passages, numbered, and keeps the citations it used (invented markers removed)', async () => {
    reply = () => chat('You get 28 days [1] and request them in the portal [2][7].');
    const answer = await new OllamaAnswerer(host, 'qwen').answer('How much leave?', hits);
    const prompt = JSON.stringify(requests[0].body);
    expect(requests[0].path).toBe('/api/chat');
    expect(prompt).toContain('[1] Title of wiki:1');
    expect(prompt).toContain('[2] Title of wiki:2');
    expect(prompt).not.toContain('Unrelated text');
    expect(answer).toMatchObject({ mode: 'generated', text: 'You get 28 days [1] and request them in the portal [2].' });
    expect(answer.citations.map((c) => c.documentKey)).toEqual(['wiki:1', 'wiki:2']);
  });

  it('says it does not know when the model finds no answer, and answers extractively when the model fails or cites nothing', async () => {
    reply = () => chat('NO_ANSWER');
    expect((await new OllamaAnswerer(host).answer('How much leave?', hits)).mode).toBe('unknown');
    reply = () => ({ status: 500, body: { error: 'model not found' } });
    const problems: string[] = [];
    const fallback = await new OllamaAnswerer(host, 'qwen', (m) => problems.push(m)).answer('How much leave?', hits);
    expect(fallback.mode).toBe('extractive');
    expect(problems[0]).toContain('model not found');
    reply = () => chat('Twenty-eight days.');
    expect((await new OllamaAnswerer(host).answer('How much leave?', hits)).mode).toBe('extractive');
    requests.length = 0;
    expect((await new OllamaAnswerer(host).answer('How much leave?', [hits[2]])).mode).toBe('unknown');
    expect(requests).toHaveLength(0); // nothing relevant: the model is not asked
  });

  const streamed = (...pieces: string[]) => ({ parts: OllamaFixture.chatParts(pieces) });

  it("streams the answer as Ollama's /api/chat writes it (NDJSON), only the passages' markers kept, and returns the whole", async () => {
    reply = () => streamed('You get ', '28 days [1]', ' and ask', ' in the portal [2][7].');
    const seen: string[] = [];
    const answer = await new OllamaAnswerer(host, 'qwen').answer('How much leave?', hits, (t) => seen.push(t));
    expect(requests[0].body).toMatchObject({ stream: true });
    expect(seen).toEqual(['You get', 'You get 28 days [1]', 'You get 28 days [1] and ask', 'You get 28 days [1] and ask in the portal [2].']);
    expect(answer).toMatchObject({ mode: 'generated', text: 'You get 28 days [1] and ask in the portal [2].' });
    expect(answer.citations.map((c) => c.n)).toEqual([1, 2]);
  });

  it('streams nothing of NO_ANSWER: the answer is "unknown" and no text was shown', async () => {
    reply = () => streamed('NO_', 'ANS', 'WER');
    const seen: string[] = [];
    expect((await new OllamaAnswerer(host).answer('How much leave?', hits, (t) => seen.push(t))).mode).toBe('unknown');
    expect(seen).toEqual([]);
  });
});
