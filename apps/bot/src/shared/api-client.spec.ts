import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiProblem, ApiUnavailable } from './api-client';

/** A tiny API: each path answers from a script of responses, one per request; every request is recorded. */
function tinyServer(
  script: Record<
    string,
    ((req: http.IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number; stall?: boolean })[]
  >,
) {
  const seen: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const answers = script[path] ?? [];
      const answer = (answers.length > 1 ? answers.shift()! : answers[0])?.(req, body) ?? { status: 404, body: '' };
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers ?? {});
        if (answer.stall)
          res.write(answer.body ?? ''); // and never ends
        else res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  return {
    seen,
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});
const problem = (status: number, value: Record<string, unknown>, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  body: JSON.stringify({ type: `urn:megabot:problem:${value.code}`, status, ...value }),
});

describe("ApiClient (the bot's one way to the API)", () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  const server = tinyServer({
    '/ok': [() => json(200, { hello: 'world' })],
    '/gone': [() => ({ status: 204 })],
    '/empty': [() => ({ status: 200 })],
    '/lots/x': [() => problem(404, { code: 'auction.lot_not_found', title: 'No lot x', detail: 'never opened' })],
    '/conflict': [() => problem(409, { code: 'bot.conversation_conflict', title: 'Changed meanwhile', currentVersion: 4 })],
    '/bare-error': [() => ({ status: 500, body: 'oops' })],
    '/flaky': [() => problem(503, { code: 'read_model.behind', title: 'Behind' }, { 'retry-after': '1' }), () => json(200, { ok: true })],
    '/flaky-post': [() => ({ status: 502 }), () => json(201, { position: '1-1' })],
    '/down': [() => ({ status: 503, body: '' })],
    '/long-wait': [() => problem(503, { code: 'busy', title: 'Busy' }, { 'retry-after': '3600' }), () => json(200, { ok: true })],
    '/slow': [() => ({ ...json(200, { late: true }), delayMs: 500 })],
    '/stalls': [() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"items": [', stall: true })],
    '/not-json': [() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' })],
  });
  let client: ApiClient;
  let url: string;

  beforeAll(async () => {
    url = await server.start();
    client = new ApiClient(url, { sleep, timeoutMs: 2000 });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    waits.length = 0;
    server.seen.length = 0;
  });

  it('sends JSON with its credential, the Telegram user it acts for and the idempotency key, and parses the answer', async () => {
    const client = new ApiClient(url, { sleep, timeoutMs: 2000, credential: 'c'.repeat(32), botId: '7012345678' });
    const answer = await client.request<{ hello: string }>({
      method: 'POST',
      path: '/ok',
      query: { a: 1, b: undefined, c: 'x y' },
      body: { amount: 5 },
      actor: 700001,
      idempotencyKey: 'k-1',
    });
    expect(answer).toEqual({ hello: 'world' });
    const [req] = server.seen;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/ok?a=1&c=x+y');
    expect(JSON.parse(req.body)).toEqual({ amount: 5 });
    expect(req.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: `Bearer ${'c'.repeat(32)}`,
      'x-bot-id': '7012345678',
      'x-telegram-user-id': '700001',
      'idempotency-key': 'k-1',
    });
    expect(req.headers['x-employee-id']).toBeUndefined();
  });

  it('answers undefined for 204 and for an empty body; a 2xx that is not JSON is an error, not a silent {}', async () => {
    expect(await client.request({ method: 'DELETE', path: '/gone' })).toBeUndefined();
    expect(await client.get('/empty')).toBeUndefined();
    await expect(client.get('/not-json')).rejects.toThrow('GET /not-json: the API answered 200 with a body that is not JSON');
  });

  it('turns 4xx problem+json into ApiProblem with every field of the body, and never retries it', async () => {
    const e = await client.get('/lots/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiProblem);
    expect((e as ApiProblem).problem).toEqual({
      type: 'urn:megabot:problem:auction.lot_not_found',
      status: 404,
      code: 'auction.lot_not_found',
      title: 'No lot x',
      detail: 'never opened',
    });
    expect((e as ApiProblem).message).toBe('No lot x');
    const conflict = await client.request({ method: 'PUT', path: '/conflict', body: {} }).catch((x: ApiProblem) => x.problem);
    expect(conflict).toMatchObject({ status: 409, code: 'bot.conversation_conflict', currentVersion: 4 });
    expect(server.seen).toHaveLength(2);
    // a body that is not problem+json still becomes a problem with the status
    expect((await client.get<never>('/bare-error').catch((x: ApiProblem) => x.problem)).status).toBe(500);
  });

  it('retries a GET after 503, waiting as Retry-After says', async () => {
    expect(await client.get('/flaky')).toEqual({ ok: true });
    expect(server.seen.map((r) => r.path)).toEqual(['/flaky', '/flaky']);
    expect(waits).toEqual([1000]);
  });

  it('retries a command only when it carries an Idempotency-Key (the API gives a retry the first answer)', async () => {
    expect(await client.request({ method: 'POST', path: '/flaky-post', body: {}, idempotencyKey: 'bid-1' })).toEqual({ position: '1-1' });
    expect(server.seen.map((r) => r.headers['idempotency-key'])).toEqual(['bid-1', 'bid-1']);
    server.seen.length = 0;
    const once = await client.request({ method: 'POST', path: '/down', body: {} }).catch((x: ApiProblem) => x.problem.status);
    expect(once).toBe(503);
    expect(server.seen).toHaveLength(1); // a claim or a conversation write could act twice: sent once
  });

  it('gives up after a bounded number of retries, and does not wait out a long Retry-After', async () => {
    const e = await client.get('/down').catch((x: ApiProblem) => x);
    expect(e).toBeInstanceOf(ApiProblem);
    expect(server.seen).toHaveLength(3); // the request and 2 retries
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] / 2); // exponential backoff with jitter: 50-100, then 100-200 ms
    server.seen.length = 0;
    expect(((await client.get('/long-wait').catch((x: ApiProblem) => x)) as ApiProblem).problem.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it('times out a request that takes too long (no retry: the API may still be working on it)', async () => {
    const quick = new ApiClient(url, { sleep, timeoutMs: 100 });
    const e = await quick.get('/slow').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiUnavailable);
    expect((e as ApiUnavailable).reason).toBe('timeout');
    expect((e as ApiUnavailable).message).toBe('GET /slow: the API did not answer in time');
    expect(server.seen).toHaveLength(1);
    expect(await client.request({ path: '/slow', timeoutMs: 2000 })).toEqual({ late: true }); // a per-request timeout
    // an answer that starts and then stalls is a timeout too
    const stalled = await quick.get('/stalls').catch((x: unknown) => x);
    expect((stalled as ApiUnavailable).reason).toBe('timeout');
  });

  it('retries a GET when the API cannot be reached, then reports it unreachable', async () => {
    const closed = tinyServer({});
    const deadUrl = await closed.start();
    await closed.stop(); // nothing listens there any more
    const e = await new ApiClient(deadUrl, { sleep }).get('/ok').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiUnavailable);
    expect((e as ApiUnavailable).reason).toBe('network');
    expect((e as ApiUnavailable).message).toMatch(/^GET \/ok: the API is unreachable \(connect ECONNREFUSED .*\)$/);
    expect(waits).toHaveLength(2);
    waits.length = 0;
    await expect(new ApiClient(deadUrl, { sleep }).request({ method: 'POST', path: '/ok', body: {} })).rejects.toBeInstanceOf(ApiUnavailable);
    expect(waits).toHaveLength(0); // not safe to repeat: no retry
  });
});
