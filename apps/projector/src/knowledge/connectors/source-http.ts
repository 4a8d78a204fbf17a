export interface SourceHttpOptions {
  /** `Authorization` header value (never logged, never in an error message). */
  authorization?: string;
  /** Attempts per request on 429 / 503 / network errors. */
  maxAttempts?: number;
  /** Longest wait honoured from a Retry-After; a source asking for more fails the run (it retries on the next). */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  /** Injected in tests to observe the waits without spending them. */
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
}

export class SourceHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SourceHttpError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * GET JSON (or a file) from a knowledge source's REST API, politely: a 429 or 503 waits as long as its `Retry-After` says
 * (seconds or an HTTP date; 1 s when absent, doubling), then tries again. Error messages name the path, never the
 * query string or the credential.
 */
export class SourceHttp {
  private readonly sleep: (ms: number) => Promise<void>;
  readonly stats = { requests: 0, throttled: 0 };

  constructor(private readonly options: SourceHttpOptions = {}) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  async getJson<T>(url: string): Promise<T> {
    return (await (await this.get(url, 'application/json')).json()) as T;
  }

  /** A file (a Confluence attachment's download link), refused beyond `maxBytes` before it is read. */
  async getBytes(url: string, maxBytes = Infinity): Promise<Buffer> {
    const response = await this.get(url, '*/*');
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw new SourceHttpError(413, `${redact(url)}: larger than ${maxBytes} bytes`);
    }
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > maxBytes) throw new SourceHttpError(413, `${redact(url)}: larger than ${maxBytes} bytes`);
    return data;
  }

  /** A successful response (its body unread), after the waits a throttling source asked for. */
  private async get(url: string, accept: string): Promise<Response> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    let backoff = 1000;
    for (let attempt = 1; ; attempt++) {
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: {
            accept,
            'user-agent': this.options.userAgent ?? 'megabot-knowledge-sync',
            ...(this.options.authorization ? { authorization: this.options.authorization } : {}),
          },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (e) {
        if (attempt >= maxAttempts) throw new SourceHttpError(0, `${redact(url)}: ${(e as Error).message}`);
        await this.sleep(backoff);
        backoff *= 2;
        continue;
      }
      if (response.status === 429 || response.status === 503) {
        this.stats.throttled++;
        await response.body?.cancel();
        const wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? backoff;
        if (attempt >= maxAttempts || wait > (this.options.maxRetryAfterMs ?? 120_000))
          throw new SourceHttpError(response.status, `${redact(url)}: still throttled (${response.status}) after ${attempt} attempt(s)`);
        await this.sleep(wait);
        backoff *= 2;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SourceHttpError(response.status, `${redact(url)}: HTTP ${response.status}`);
      }
      return response;
    }
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The URL without its query (which may carry CQL, titles or tokens some APIs accept there). */
export const redact = (url: string) => url.replace(/\?.*$/, '?…');
