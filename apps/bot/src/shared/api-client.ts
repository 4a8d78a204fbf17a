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
    super(`${request}: ${reason === 'timeout' ? 'the API did not answer in time' : `the API is unreachable (${reasonOf(cause)})`}`);
    this.name = 'ApiUnavailable';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** `X-Employee-Id`: the employee the bot acts for (or who is looking). */
  actor?: string;
  /** `Idempotency-Key`: the command id; the same key has one effect, which also makes the request safe to retry. */
  idempotencyKey?: string;
  /** This request's timeout instead of the client's. */
  timeoutMs?: number;
}

export interface ApiClientOptions {
  /** How long one attempt may take (default 15 s: longer than the API's read-your-writes wait). */
  timeoutMs?: number;
  /** Retries of a safe request after a network error, 502, 503 or 504 (default 2). */
  retries?: number;
  /** First backoff (default 100 ms), doubled for each retry, with jitter. */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this is not waited for: the answer is passed on (default 5 s). */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * The bot's one way to the system: the API over HTTP, JSON in and out. Feature facades (auction, rooms, identity,
 * bot state, notifications) are typed method groups on top of `request`.
 *
 * - 2xx: the parsed body; 204 (or an empty body): undefined.
 * - 4xx/5xx: ApiProblem with the problem-details body (application/problem+json), or one made from the status.
 * - Every attempt has a timeout (AbortSignal); a timeout or a refused connection is ApiUnavailable.
 * - Safe requests - GETs, and requests carrying an Idempotency-Key (the API gives a retried command its first
 *   answer) - are retried after a network error, 502, 503 or 504, at most `retries` times, honouring `Retry-After`.
 *   Other requests are sent once: a repeated claim or conversation write could act twice. A timeout is not retried
 *   (the API may still be working on it; the caller decides).
 */
export class ApiClient {
  private readonly o: Required<Omit<ApiClientOptions, 'fetch' | 'sleep'>> & Pick<Required<ApiClientOptions>, 'fetch' | 'sleep'>;

  constructor(
    readonly baseUrl: string,
    options: ApiClientOptions = {},
  ) {
    this.o = {
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 100,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
  }

  get<T>(path: string, query?: ApiRequest['query'], actor?: string): Promise<T> {
    return this.request<T>({ path, query, actor });
  }

  async request<T>(req: ApiRequest): Promise<T> {
    const method = req.method ?? 'GET';
    const url = this.baseUrl + req.path + queryString(req.query);
    const name = `${method} ${req.path}`;
    const safe = method === 'GET' || req.idempotencyKey !== undefined;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.actor) headers['x-employee-id'] = req.actor;
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);

    for (let attempt = 0; ; attempt++) {
      const retriesLeft = safe && attempt < this.o.retries;
      let res: Response;
      let text: string;
      // a timer cleared at once, not AbortSignal.timeout: that one keeps every request's signal alive for the whole timeout
      const abort = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, req.timeoutMs ?? this.o.timeoutMs);
      try {
        res = await this.o.fetch(url, { method, headers, body, signal: abort.signal });
        text = await res.text();
      } catch (e) {
        if (timedOut) throw new ApiUnavailable(name, 'timeout', e);
        if (!retriesLeft) throw new ApiUnavailable(name, 'network', e);
        await this.o.sleep(this.backoff(attempt));
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (RETRYABLE_STATUS.has(res.status) && retriesLeft) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt);
        if (wait <= this.o.maxRetryAfterMs) {
          await this.o.sleep(wait);
          continue;
        }
      }
      return parse<T>(res, text, name);
    }
  }

  private backoff(attempt: number): number {
    const base = this.o.retryBaseMs * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }
}

function parse<T>(res: Response, text: string, name: string): T {
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new Error(`${name}: the API answered ${res.status} with a body that is not JSON`);
    }
  }
  if (res.ok) return body as T;
  const p = (body && typeof body === 'object' ? body : {}) as Partial<ProblemDetails>;
  throw new ApiProblem({ ...p, status: res.status, title: p.title ?? (res.statusText || `HTTP ${res.status}`), type: p.type ?? 'about:blank' });
}

/** fetch's TypeError says only "fetch failed"; its cause says why (e.g. connect ECONNREFUSED). Duck-typed: fetch's errors may come from another realm (e.g. under jest). */
function reasonOf(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown } } | null;
  return String(err?.cause?.message ?? err?.message ?? e);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
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
