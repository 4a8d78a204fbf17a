import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Telegraf } from 'telegraf';
import { createCalculatorBot, type CalculatorBotOptions } from './calculator.bot';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface StartCalculatorOptions extends CalculatorBotOptions {
  /** The public webhook URL Telegram posts to; a function gets the bound address (tests listen on port 0). */
  webhookUrl: string | ((address: { host: string; port: number }) => string);
  /** secret_token for setWebhook: 1–256 characters A–Z, a–z, 0–9, _ and -. */
  secretToken: string;
  /** Local port (0 = any free one). Default 8080. */
  port?: number;
  /** Local interface. Default 0.0.0.0. */
  host?: string;
  /** Larger request bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long stop() waits for updates being handled. Default 10 s. */
  shutdownTimeoutMs?: number;
}

export interface RunningCalculatorBot {
  bot: Telegraf;
  server: http.Server;
  /** The bound port. */
  port: number;
  /** The webhook URL registered with setWebhook. */
  webhookUrl: string;
  /** Stops accepting updates, lets the ones in progress finish, closes the server. Keeps the webhook registered. */
  stop(): Promise<void>;
}

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Starts the calculator bot in webhook mode: an HTTP server on node:http, then setWebhook with the secret token and
 * the update types it handles. Requests without the right X-Telegram-Bot-Api-Secret-Token get 401 (constant-time
 * comparison) before Telegraf sees them; GET /healthz answers 200 while running.
 */
export async function startCalculatorBot(options: StartCalculatorOptions): Promise<RunningCalculatorBot> {
  if (!SECRET_TOKEN.test(options.secretToken)) throw new Error('the webhook secret token must be 1-256 characters A-Z, a-z, 0-9, _ or -');
  const log = options.log ?? ((line: string) => console.log(`[calculator] ${line}`));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const bot = createCalculatorBot({ ...options, log });
  const expectedSecret = createHash('sha256').update(options.secretToken).digest();
  let hookPath = '/';
  let webhook: ReturnType<Telegraf['webhookCallback']> | null = null;
  let stopping = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const secretMatches = (header: string | string[] | undefined): boolean =>
    typeof header === 'string' && timingSafeEqual(createHash('sha256').update(header).digest(), expectedSecret);

  const reply = (res: http.ServerResponse, status: number, body = ''): void => {
    if (stopping) res.setHeader('Connection', 'close');
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method === 'GET' && req.url === '/healthz') return reply(res, stopping ? 503 : 200, stopping ? 'stopping' : 'ok');
    if (!secretMatches(req.headers[SECRET_HEADER])) return reply(res, 401, 'Unauthorized');
    if (stopping || !webhook) return reply(res, 503, 'Service Unavailable'); // Telegram redelivers to whoever runs next
    if (req.url !== hookPath) return reply(res, 404, 'Not Found');
    if (req.method !== 'POST') return reply(res, 405, 'Method Not Allowed');
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      res.setHeader('Connection', 'close');
      return reply(res, 413, 'Payload Too Large');
    }
    (req as http.IncomingMessage & { body?: Buffer }).body = body;
    // Telegraf parses the update, handles it (the bot answers and edits) and ends the response with 200
    await webhook(req, res, () => reply(res, 404, 'Not Found'));
  };

  const server = http.createServer((req, res) => {
    inFlight++;
    handle(req, res)
      .catch((e: unknown) => {
        log(`webhook request failed: ${e instanceof Error ? e.message : e}`);
        if (!res.headersSent) reply(res, 500, 'Internal Server Error');
        else res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) drained?.();
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
  try {
    const webhookUrl =
      typeof options.webhookUrl === 'function' ? options.webhookUrl({ host: address.address, port: address.port }) : options.webhookUrl;
    const parsed = new URL(webhookUrl);
    hookPath = `${parsed.pathname}${parsed.search}`;
    bot.botInfo = await bot.telegram.getMe();
    await bot.telegram.setWebhook(webhookUrl, { secret_token: options.secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    webhook = bot.webhookCallback(hookPath, { secretToken: options.secretToken });
    log(`@${bot.botInfo.username} listens on ${address.address}:${address.port}, webhook ${parsed.origin}${parsed.pathname}`);

    let stopped: Promise<void> | null = null;
    const stop = (): Promise<void> =>
      (stopped ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.shutdownTimeoutMs ?? 10_000);
            drained = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        server.closeAllConnections();
        await closed;
        log('stopped');
      })());

    return { bot, server, port: address.port, webhookUrl, stop };
  } catch (e) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    throw e;
  }
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
