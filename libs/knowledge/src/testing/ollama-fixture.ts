import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted answer: a JSON body (with a status), or `parts` streamed as NDJSON lines. */
export interface OllamaFixtureReply {
  status?: number;
  body?: unknown;
  parts?: unknown[];
}

/**
 * A local stand-in for Ollama's HTTP API (no real Ollama here). By default /api/embed answers a fixed small vector
 * per input and /api/chat answers `answerParts` - streamed as NDJSON (one message part per line, `partDelayMs`
 * apart, then `done`) when asked with `stream: true`, as Ollama does. `reply` scripts any other answer (errors,
 * vectors) per request. Every request is recorded with its path and body.
 */
export class OllamaFixture {
  readonly requests: { path: string; body: Record<string, unknown> }[] = [];
  answerParts: string[] = ['NO_ANSWER'];
  /** The pause between streamed lines (a model writing at its speed). */
  partDelayMs = 10;
  reply?: (path: string, body: Record<string, unknown>) => OllamaFixtureReply | undefined;
  private server?: http.Server;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        this.requests.push({ path: req.url ?? '', body });
        void this.send(res, this.reply?.(req.url ?? '', body) ?? this.byDefault(req.url ?? '', body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The chat requests (what the model was shown). */
  get chats() {
    return this.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as { messages: { role: string; content: string }[]; stream?: boolean });
  }

  /** Chat answer parts as Ollama's /api/chat streams them (the last one `done`). */
  static chatParts(contents: string[], model = 'm'): unknown[] {
    const part = (content: string, done: boolean) => ({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content }, done });
    return [...contents.map((c) => part(c, false)), { ...part('', true), done_reason: 'stop' }];
  }

  private byDefault(path: string, body: Record<string, unknown>): OllamaFixtureReply {
    if (path === '/api/embed') {
      const input = Array.isArray(body.input) ? body.input : [body.input];
      return { body: { model: body.model, embeddings: input.map(() => [0.6, 0.8, 0]) } };
    }
    if (path !== '/api/chat') return { status: 404, body: { error: `no route ${path}` } };
    if (body.stream !== false) return { parts: OllamaFixture.chatParts(this.answerParts, String(body.model)) };
    return {
      body: { model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: this.answerParts.join('') }, done: true },
    };
  }

  private async send(res: http.ServerResponse, r: OllamaFixtureReply): Promise<void> {
    if (!r.parts) {
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(r.body ?? {}));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (const part of r.parts) {
      res.write(`${JSON.stringify(part)}\n`);
      await new Promise((w) => setTimeout(w, this.partDelayMs));
    }
    res.end();
  }
}
