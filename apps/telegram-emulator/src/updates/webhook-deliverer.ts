import * as http from 'node:http';
import * as https from 'node:https';
import type { EventLog } from '../core/event-log';
import type { QueuedUpdate, UpdateQueue } from './update-queue';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  ipAddress?: string;
  setAt: number;
}

export interface WebhookDelivererOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  /** Deliver https:// URLs over plain http (local bots have no TLS). */
  plainHttp: boolean;
  now: () => number;
}

/** A webhook response that carries a Bot API call (`{"method": "...", ...}`), executed by the emulator. */
export type WebhookReplyHandler = (body: Buffer, contentType: string) => Promise<void>;

interface DeliveryState {
  attempts: number;
  nextAttemptAt: number;
}

interface Outcome {
  ok: boolean;
  error?: string;
  body?: Buffer;
  contentType?: string;
}

/**
 * POSTs queued updates to the webhook URL like Telegram: one update at a time per chat (in order), chats in parallel
 * up to max_connections, redelivery with exponential backoff on non-2xx / connection error / timeout.
 */
export class WebhookDeliverer {
  private config: WebhookConfig | null = null;
  private lastError: { date: number; message: string } | null = null;
  private readonly states = new Map<number, DeliveryState>();
  private readonly inFlightChats = new Set<number>();
  private readonly requests = new Set<http.ClientRequest>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private generation = 0;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly options: WebhookDelivererOptions,
    private readonly events: EventLog,
    private readonly onReply: WebhookReplyHandler,
  ) {
    queue.onEnqueue(() => this.pump());
  }

  get current(): WebhookConfig | null {
    return this.config;
  }

  get lastErrorInfo(): { date: number; message: string } | null {
    return this.lastError;
  }

  get inFlight(): number {
    return this.inFlightChats.size;
  }

  set(config: WebhookConfig): void {
    this.config = config;
    this.generation++;
    this.states.clear();
    this.pump();
  }

  delete(): void {
    this.config = null;
    this.generation++;
    this.states.clear();
    this.clearTimer();
  }

  /** Forget the last error (reset of the emulator). */
  resetErrors(): void {
    this.lastError = null;
  }

  stop(): void {
    this.stopped = true;
    this.delete();
    for (const req of this.requests) req.destroy();
    this.requests.clear();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Starts every delivery that may start now and schedules the next retry. */
  pump(): void {
    const config = this.config;
    if (!config || this.stopped) return;
    const now = this.options.now();
    const seenChats = new Set<number>();
    let earliestRetry = Infinity;
    for (const item of this.queue.items()) {
      if (this.inFlightChats.size >= config.maxConnections) break;
      if (seenChats.has(item.chatKey)) continue; // only the oldest update of a chat may be in delivery
      seenChats.add(item.chatKey);
      if (this.inFlightChats.has(item.chatKey)) continue;
      const state = this.states.get(item.update.update_id);
      if (state && state.nextAttemptAt > now) {
        earliestRetry = Math.min(earliestRetry, state.nextAttemptAt);
        continue;
      }
      this.deliver(item, config);
    }
    this.clearTimer();
    if (earliestRetry !== Infinity) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.max(1, earliestRetry - now),
      );
    }
  }

  private deliver(item: QueuedUpdate, config: WebhookConfig): void {
    const generation = this.generation;
    this.inFlightChats.add(item.chatKey);
    void this.post(config, JSON.stringify(item.update)).then(async (outcome) => {
      this.inFlightChats.delete(item.chatKey);
      if (outcome.ok) {
        this.queue.remove(item.update.update_id);
        this.states.delete(item.update.update_id);
        if (outcome.body && outcome.body.length > 0 && !this.stopped) {
          await this.onReply(outcome.body, outcome.contentType ?? '').catch(() => undefined);
        }
      } else if (generation === this.generation) {
        const previous = this.states.get(item.update.update_id);
        const attempts = (previous?.attempts ?? 0) + 1;
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (attempts - 1));
        this.states.set(item.update.update_id, { attempts, nextAttemptAt: this.options.now() + delay });
        this.lastError = { date: Math.floor(this.options.now() / 1000), message: outcome.error ?? 'Unknown error' };
        this.events.emit({
          type: 'webhook_error',
          chat_id: item.chatKey,
          update_id: item.update.update_id,
          attempt: attempts,
          retry_in_ms: delay,
          message: this.lastError.message,
        });
      }
      this.pump();
    });
  }

  private post(config: WebhookConfig, body: string): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let target: URL;
      try {
        target = new URL(config.url);
      } catch {
        resolve({ ok: false, error: 'Wrong HTTP URL' });
        return;
      }
      const useTls = target.protocol === 'https:' && !this.options.plainHttp;
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (config.secretToken) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
      const requestOptions: https.RequestOptions = {
        method: 'POST',
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || (useTls ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        headers,
        agent: false,
        ...(useTls ? { rejectUnauthorized: false } : {}),
      };
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        this.requests.delete(req);
        resolve(outcome);
      };
      const req = (useTls ? https : http).request(requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => finish({ ok: false, error: 'Connection reset by peer' }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            finish({ ok: true, body: Buffer.concat(chunks), contentType: String(res.headers['content-type'] ?? '') });
          } else {
            finish({ ok: false, error: `Wrong response from the webhook: ${status} ${res.statusMessage ?? ''}`.trim() });
          }
        });
      });
      const timeout = setTimeout(() => {
        finish({ ok: false, error: 'Read timeout expired' });
        req.destroy();
      }, this.options.timeoutMs);
      this.requests.add(req);
      req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeNetworkError(error) }));
      req.end(body);
    });
  }
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ECONNRESET':
      return 'Connection reset by peer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Failed to resolve host: Name or service not known';
    case 'ETIMEDOUT':
      return 'Connection timed out';
    default:
      return `Connection error: ${error.code ?? error.message}`;
  }
}
