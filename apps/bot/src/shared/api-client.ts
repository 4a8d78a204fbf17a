import * as http from 'node:http';
import * as https from 'node:https';
import type { ProblemDetails } from '@megabot/contracts';

/** A problem answered by the API (4xx/5xx), with its problem-details body. */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.title);
    this.name = 'ApiProblem';
  }
}

/** The API could not be reached or did not answer in time (after the retries a safe request gets). */
export class ApiUnavailable extends Error {
  constructor(
    readonly request: string,
    readonly reason: 'timeout' | 'network',
    override readonly cause: unknown,
  ) {
    super(
      `${request}: ${reason === 'timeout' ? 'the API did not answer in time' : `the API is unreachable (${String((cause as { message?: unknown } | null)?.message ?? cause)})`}`,
    );
    this.name = 'ApiUnavailable';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** `X-Telegram-User-Id`: the Telegram user the bot acts for; the API resolves the employee (never the bot). */
  actor?: number;
  /** `Idempotency-Key`: the command id; the same key has one effect, which also makes the request safe to retry. */
  idempotencyKey?: string;
  /** This request's timeout instead of the client's. */
  timeoutMs?: number;
  /** `text`: a 2xx body is answered as it came (a file the API renders, e.g. a vCard); errors are problems as always. */
  as?: 'json' | 'text';
  /**
   * A streamed answer (`Accept: application/x-ndjson`): each line of a 2xx body is parsed and passed here as it
   * arrives, and the request resolves when the body ends. Errors are problems as always.
   */
  lines?: (value: unknown) => void;
}

export interface ApiClientOptions {
  /** The bot service's credential (BOT_API_TOKEN), sent as a bearer token on every request. */
  credential?: string;
  /** This bot's id (the digits before the colon of its Telegram token): claims are kept per bot. */
  botId?: string;
  /** How long one attempt may take (default 15 s: longer than the API's read-your-writes wait). */
  timeoutMs?: number;
  /** Retries of a safe request after a network error, 502, 503 or 504 (default 2). */
  retries?: number;
  /** First backoff (default 100 ms), doubled for each retry, with jitter. */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this is not waited for: the answer is passed on (default 5 s). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Answer {
  status: number;
  statusText: string;
  retryAfter: string | undefined;
  text: string;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * The bot's one way to the system: the API over HTTP, JSON in and out. Feature facades (auction, rooms, identity,
 * bot state, notifications) are typed method groups on top of `request`.
 *
 * - 2xx: the parsed body; 204 (or an empty body): undefined.
 * - 4xx/5xx: ApiProblem with the problem-details body (application/problem+json), or one made from the status.
 * - Every attempt has a timeout that destroys the request; a timeout or a failed connection is ApiUnavailable.
 * - Safe requests - GETs, and requests carrying an Idempotency-Key (the API gives a retried command its first
 *   answer) - are retried after a network error, 502, 503 or 504, at most `retries` times, honouring `Retry-After`.
 *   Other requests are sent once: a repeated claim or conversation write could act twice. A timeout is not retried
 *   (the API may still be working on it; the caller decides).
 *
 * Over node:http with a keep-alive agent rather than fetch: measured here, fetch cost ~90 µs more CPU per request,
 * and ~20 µs more again with an AbortSignal for the timeout - several API calls per update, so it shows in bench:bot.
 */
export class ApiClient {
  private readonly o: Required<Omit<ApiClientOptions, 'credential' | 'botId'>>;
  private readonly identity: Record<string, string>;
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    options: ApiClientOptions = {},
  ) {
    this.o = {
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 100,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
    this.identity = {
      ...(options.credential && { authorization: `Bearer ${options.credential}` }),
      ...(options.botId && { 'x-bot-id': options.botId }),
    };
    this.base = new URL(baseUrl);
    // idle connections are kept for the next request (and closed before the server's keep-alive timeout it announces)
    this.agent = this.base.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  get<T>(path: string, query?: ApiRequest['query'], actor?: number): Promise<T> {
    return this.request<T>({ path, query, actor });
  }

  async request<T>(req: ApiRequest): Promise<T> {
    const method = req.method ?? 'GET';
    const name = `${method} ${req.path}`;
    const safe = method === 'GET' || req.idempotencyKey !== undefined;
    const headers: Record<string, string> = {
      accept: req.lines ? 'application/x-ndjson, application/problem+json' : 'application/json, application/problem+json',
      ...this.identity,
    };
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (req.actor !== undefined) headers['x-telegram-user-id'] = String(req.actor);
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + req.path + queryString(req.query), this.base);

    for (let attempt = 0; ; attempt++) {
      const retriesLeft = safe && attempt < this.o.retries;
      let answer: Answer;
      try {
        answer = await this.send(url, method, headers, body, req.timeoutMs ?? this.o.timeoutMs, req.lines && lineSplitter(req.lines));
      } catch (e) {
        if (e instanceof TimedOut) throw new ApiUnavailable(name, 'timeout', e);
        if (!retriesLeft) throw new ApiUnavailable(name, 'network', e);
        await this.o.sleep(this.backoff(attempt));
        continue;
      }
      if (RETRYABLE_STATUS.has(answer.status) && retriesLeft) {
        const wait = retryAfterMs(answer.retryAfter) ?? this.backoff(attempt);
        if (wait <= this.o.maxRetryAfterMs) {
          await this.o.sleep(wait);
          continue;
        }
      }
      if ((req.as === 'text' || req.lines) && answer.status >= 200 && answer.status < 300) return answer.text as T;
      return parse<T>(answer, name);
    }
  }

  /** One attempt: the status and the whole body, or an error (TimedOut when `timeoutMs` passed first). A 2xx body also goes to `onData` as it arrives. */
  private send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    onData?: (chunk: Buffer) => void,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (ok) onData?.(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', retryAfter, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
        res.on('close', () => (res.complete ? undefined : fail(new Error('the connection closed before the whole answer arrived'))));
      });
      let timedOut = false;
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(timedOut ? new TimedOut() : e);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new TimedOut());
      }, timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }

  private backoff(attempt: number): number {
    const base = this.o.retryBaseMs * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }
}

/** NDJSON chunks as parsed lines (a line may span chunks; multi-byte characters too). */
function lineSplitter(onLine: (value: unknown) => void): (chunk: Buffer) => void {
  const decoder = new TextDecoder();
  let open = '';
  return (chunk) => {
    open += decoder.decode(chunk, { stream: true });
    const lines = open.split('\n');
    open = lines.pop()!;
    for (const line of lines) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // not a line of the stream (the caller misses what it was waiting for and says so)
      }
      onLine(value);
    }
  };
}

class TimedOut extends Error {
  constructor() {
    super('timed out');
    this.name = 'TimeoutError';
  }
}

function parse<T>(answer: Answer, name: string): T {
  let body: unknown = undefined;
  if (answer.text) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      if (answer.status < 300) throw new Error(`${name}: the API answered ${answer.status} with a body that is not JSON`);
    }
  }
  if (answer.status >= 200 && answer.status < 300) return body as T;
  const p = (body && typeof body === 'object' ? body : {}) as Partial<ProblemDetails>;
  throw new ApiProblem({ ...p, status: answer.status, title: p.title ?? (answer.statusText || `HTTP ${answer.status}`), type: p.type ?? 'about:blank' });
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function queryString(params: ApiRequest['query']): string {
  if (!params) return '';
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number | boolean][];
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}

/** A path segment taken from data (ids, keys). */
export const seg = (value: string | number) => encodeURIComponent(String(value));
