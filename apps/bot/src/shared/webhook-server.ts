import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** secret_token for setWebhook: 1–256 characters A–Z, a–z, 0–9, _ and -. */
export const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export interface WebhookServerOptions {
  /** The public webhook URL Telegram posts to; a function gets the bound address (tests listen on port 0). Only its path is served. */
  webhookUrl: string | ((address: { host: string; port: number }) => string);
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token). */
  secretToken: string;
  /** Handles one update. A rejection before the acknowledgement is answered 500 (Telegram redelivers). */
  handleUpdate: (update: { update_id: number } & Record<string, unknown>) => Promise<unknown>;
  /** Local port (0 = any free one). Default 8080. */
  port?: number;
  /** Local interface. Default 0.0.0.0. */
  host?: string;
  /** Larger request bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * The update is acknowledged (200) when its handling finishes or after this long, whichever comes first; a slow
   * handler goes on in the background (Telegram would otherwise time out and redeliver). Default 2 s.
   */
  ackTimeoutMs?: number;
  /**
   * An update whose handling fails after it was acknowledged is lost to Telegram (it will not redeliver it), so it is
   * handled again here after each of these pauses until it succeeds. Default 1 s, 2 s, 5 s, 10 s, 30 s, 1 min, 2 min,
   * 5 min (about 9 minutes in all); a process that stops meanwhile waits for it up to shutdownTimeoutMs.
   */
  retryDelaysMs?: number[];
  /** How long stop() waits for updates being handled. Default 10 s. */
  shutdownTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningWebhookServer {
  server: http.Server;
  /** The bound port and interface. */
  port: number;
  host: string;
  /** The resolved public webhook URL (for setWebhook). */
  url: string;
  /** The path (with query) that is served. */
  path: string;
  /** Updates being handled now (including the ones already acknowledged). */
  inFlight(): number;
  /** Stops accepting updates (503 → Telegram redelivers elsewhere), waits for the ones in progress, closes the server. */
  stop(): Promise<void>;
}

type Update = { update_id: number } & Record<string, unknown>;

/**
 * A Telegram webhook endpoint on node:http, for any bot: POST <path> with the right secret header (constant-time
 * comparison; 401 otherwise, before the body is read), 404 for other paths, 405 for other methods, 413 for large
 * bodies, 415 for a body that is not JSON, 400 for JSON that is not an update, GET /healthz (200, 503 while stopping).
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  if (!SECRET_TOKEN.test(options.secretToken)) throw new Error('the webhook secret token must be 1-256 characters A-Z, a-z, 0-9, _ or -');
  const log = options.log ?? ((line: string) => console.log(`[webhook] ${line}`));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const ackTimeoutMs = options.ackTimeoutMs ?? 2000;
  const retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000];
  const expectedSecret = createHash('sha256').update(options.secretToken).digest();
  let hookPath = '/';
  let stopping = false;
  let requests = 0;
  const handling = new Set<Promise<unknown>>();
  let drained: (() => void) | null = null;
  const checkDrained = () => {
    if (requests === 0 && handling.size === 0) drained?.();
  };

  // hashing both sides gives equal lengths, so timingSafeEqual never throws and the length is not leaked either
  const secretMatches = (header: string | string[] | undefined): boolean =>
    typeof header === 'string' && timingSafeEqual(createHash('sha256').update(header).digest(), expectedSecret);

  const reply = (res: http.ServerResponse, status: number, body = ''): void => {
    if (res.headersSent) return;
    if (stopping) res.setHeader('Connection', 'close');
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
  };

  /** At least once: an acknowledged update that failed is handled again here (its claim through the API drops it if it was handled meanwhile). */
  const handleAgain = async (update: Update, error: unknown): Promise<void> => {
    for (const delay of retryDelaysMs) {
      log(`update ${update.update_id} failed after its acknowledgement (${error instanceof Error ? error.message : error}); handling it again in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
      try {
        await options.handleUpdate(update);
        log(`update ${update.update_id} handled on a later attempt`);
        return;
      } catch (e) {
        error = e;
      }
    }
    log(
      `update ${update.update_id} failed after its acknowledgement and ${retryDelaysMs.length} more attempts; given up: ${error instanceof Error ? error.message : error}`,
    );
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method === 'GET' && req.url === '/healthz') return reply(res, stopping ? 503 : 200, stopping ? 'stopping' : 'ok');
    if (!secretMatches(req.headers[SECRET_HEADER])) return reply(res, 401, 'Unauthorized');
    if (stopping) return reply(res, 503, 'Service Unavailable'); // Telegram redelivers to whoever runs next
    if (req.url !== hookPath) return reply(res, 404, 'Not Found');
    if (req.method !== 'POST') return reply(res, 405, 'Method Not Allowed');
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      res.setHeader('Connection', 'close');
      return reply(res, 413, 'Payload Too Large');
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(res, 415, 'Unsupported Media Type');
    }
    if (!isUpdate(update)) return reply(res, 400, 'Bad Request');

    // handled asynchronously: acknowledged when done or after ackTimeoutMs, whichever is first
    let acknowledged = false;
    const work = Promise.resolve().then(() => options.handleUpdate(update));
    const tracked = work.then(
      () => undefined,
      (e: unknown) => (acknowledged ? handleAgain(update, e) : log(`update ${update.update_id} failed: ${e instanceof Error ? e.message : e}`)),
    );
    handling.add(tracked);
    void tracked.finally(() => {
      handling.delete(tracked);
      checkDrained();
    });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'failed' as const,
      ),
      new Promise<'timeout'>(
        (resolve) =>
          (timer = setTimeout(() => {
            acknowledged = true; // from here on a failure is ours to retry: the 200 is on its way
            resolve('timeout');
          }, ackTimeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    if (outcome === 'failed') return reply(res, 500, 'Internal Server Error'); // Telegram redelivers
    if (outcome === 'timeout') log(`update ${update.update_id} acknowledged after ${ackTimeoutMs} ms, still being handled`);
    return reply(res, 200, 'OK');
  };

  const server = http.createServer((req, res) => {
    requests++;
    handle(req, res)
      .catch((e: unknown) => {
        log(`webhook request failed: ${e instanceof Error ? e.message : e}`);
        if (!res.headersSent) reply(res, 500, 'Internal Server Error');
        else res.destroy();
      })
      .finally(() => {
        requests--;
        checkDrained();
      });
  });
  server.keepAliveTimeout = 65_000; // longer than the Bot API's idle keep-alive

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let url: string;
  try {
    url = typeof options.webhookUrl === 'function' ? options.webhookUrl({ host: address.address, port: address.port }) : options.webhookUrl;
    const parsed = new URL(url);
    hookPath = `${parsed.pathname}${parsed.search}`;
  } catch (e) {
    server.close();
    throw e;
  }

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (requests > 0 || handling.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            log(`stop: gave up waiting for ${handling.size} update(s) after ${options.shutdownTimeoutMs ?? 10_000} ms`);
            resolve();
          }, options.shutdownTimeoutMs ?? 10_000);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
          checkDrained();
        });
      }
      server.closeAllConnections();
      await closed;
    })());

  return { server, port: address.port, host: address.address, url, path: hookPath, inFlight: () => handling.size, stop };
}

function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
}

/** The request body, or null when it is larger than `limit` bytes. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
