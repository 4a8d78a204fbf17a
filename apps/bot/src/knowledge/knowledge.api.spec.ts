import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiProblem } from '../shared/api-client';
import { KnowledgeApi } from './knowledge.api';

/** The ask over a real HTTP connection from a server that streams NDJSON in pieces (cut mid-line and mid-character). */
describe('KnowledgeApi.ask (streamed)', () => {
  let pieces: Buffer[] = [];
  let accept: string | undefined;
  let server: http.Server;
  let api: KnowledgeApi;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      accept = req.headers.accept;
      req.resume();
      req.on('end', async () => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        for (const piece of pieces) {
          res.write(piece);
          await new Promise((r) => setTimeout(r, 5));
        }
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = new KnowledgeApi(new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { retries: 0 }));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const stream = (...lines: unknown[]) => {
    const all = Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''), 'utf8');
    pieces = [];
    for (let i = 0; i < all.length; i += 7) pieces.push(all.subarray(i, i + 7)); // 7 bytes: lines and Cyrillic letters cut
  };
  const answer = { answerId: 'a1234567', mode: 'generated', text: 'Отпуск — 28 дней [1].', citations: [], language: 'ru' };

  it('passes the text as it is written and returns the answer line', async () => {
    stream({ type: 'text', text: 'Отпуск' }, { type: 'text', text: 'Отпуск — 28 дней' }, { type: 'answer', answer });
    const seen: string[] = [];
    expect(await api.ask('Сколько дней отпуска?', 7, 'k1', (t) => seen.push(t))).toEqual(answer);
    expect(seen).toEqual(['Отпуск', 'Отпуск — 28 дней']);
    expect(accept).toContain('application/x-ndjson');
  });

  it('throws the problem of a problem line, and says so when the answer line never came', async () => {
    stream({ type: 'text', text: 'Отп' }, { type: 'problem', problem: { type: 'about:blank', title: 'The event store is unavailable', status: 503 } });
    await expect(api.ask('q?', 7, 'k2')).rejects.toBeInstanceOf(ApiProblem);
    stream({ type: 'text', text: 'Отп' });
    await expect(api.ask('q?', 7, 'k3')).rejects.toThrow('without its answer line');
  });
});
