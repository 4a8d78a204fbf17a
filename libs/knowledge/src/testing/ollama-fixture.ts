import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Ollama's HTTP API (no real Ollama here): /api/embed answers a fixed small vector per input,
 * /api/chat streams the scripted answer as NDJSON (one message part per line, a pause between them, then `done`), as
 * Ollama does with `stream: true`. Records the chat requests (what the model was shown).
 */
export class OllamaFixture {
  readonly chats: { messages: { role: string; content: string }[]; stream?: boolean }[] = [];
  /** The answer's parts, in order (the model's tokens). */
  answerParts: string[] = ['NO_ANSWER'];
  private server?: http.Server;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => void this.answer(req.url ?? '', JSON.parse(raw || '{}') as Record<string, unknown>, res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async answer(path: string, body: Record<string, unknown>, res: http.ServerResponse) {
    const at = () => new Date().toISOString();
    if (path === '/api/embed') {
      const input = Array.isArray(body.input) ? body.input : [body.input];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ model: body.model, embeddings: input.map(() => [0.6, 0.8, 0]) }));
      return;
    }
    if (path !== '/api/chat') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${path}` }));
      return;
    }
    this.chats.push(body as OllamaFixture['chats'][number]);
    const part = (content: string, done: boolean) => ({ model: body.model, created_at: at(), message: { role: 'assistant', content }, done });
    if (body.stream === false) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(part(this.answerParts.join(''), true)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const content of this.answerParts) {
      res.write(`${JSON.stringify(part(content, false))}\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    res.end(`${JSON.stringify({ ...part('', true), done_reason: 'stop' })}\n`);
  }
}
