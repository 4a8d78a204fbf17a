import type { EmulatorContext } from '../core/context';
import { ApiError, notFound, unauthorized } from '../core/errors';
import { parseBody } from '../http/body';
import { Params } from './params';

export interface MethodCall {
  ctx: EmulatorContext;
  params: Params;
  method: string;
  /** Long polls register a cancel hook that runs when the client disconnects. */
  onAbandon: (cancel: () => void) => void;
}

export type MethodHandler = (call: MethodCall) => unknown;
export type MethodTable = Record<string, MethodHandler>;

/** A result accompanied by Telegram's optional `description` (e.g. "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Routes `/bot<token>/<method>` calls to handlers and renders results/errors in the Bot API envelope. */
export class BotApiDispatcher {
  private readonly methods = new Map<string, { name: string; handler: MethodHandler }>();

  constructor(
    private readonly ctx: EmulatorContext,
    tables: MethodTable[],
  ) {
    for (const table of tables) {
      for (const [name, handler] of Object.entries(table)) this.methods.set(name.toLowerCase(), { name, handler });
    }
    ctx.setWebhookReplyHandler((body, contentType) => this.executeWebhookReply(body, contentType));
  }

  get methodNames(): string[] {
    return [...this.methods.values()].map((m) => m.name).sort();
  }

  async handle(token: string, method: string, params: Params, onAbandon: MethodCall['onAbandon'] = () => undefined): Promise<ApiResponse> {
    if (token !== this.ctx.options.token) {
      return render(/^\d+:[\w-]+$/.test(token) ? unauthorized() : notFound());
    }
    return this.invoke(method, params, onAbandon, 'http');
  }

  private async invoke(method: string, params: Params, onAbandon: MethodCall['onAbandon'], via: 'http' | 'webhook_reply'): Promise<ApiResponse> {
    const entry = this.methods.get(method.toLowerCase());
    if (!entry) return render(notFound());
    try {
      this.ctx.limiter.consumeInjection(entry.name);
      const result = await entry.handler({ ctx: this.ctx, params, method: entry.name, onAbandon });
      if (result instanceof Described) {
        return { status: 200, body: { ok: true, result: result.result, description: result.description } };
      }
      return { status: 200, body: { ok: true, result } };
    } catch (error) {
      if (error instanceof ApiError) {
        const chatId = params.raw.chat_id;
        this.ctx.events.emit({
          type: error.errorCode === 429 ? 'rate_limited' : 'api_error',
          chat_id: typeof chatId === 'number' ? chatId : typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : undefined,
          method: entry.name,
          via,
          error_code: error.errorCode,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        });
        return render(error);
      }
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: { ok: false, error_code: 500, description: `Internal Server Error: ${message}` } };
    }
  }

  /** Telegram executes a Bot API call returned as the webhook response body (JSON or multipart with "method"). */
  private async executeWebhookReply(body: Buffer, contentType: string): Promise<void> {
    let parsed;
    try {
      parsed = parseBody(body, contentType || 'application/json');
    } catch {
      return;
    }
    const method = parsed.params.method;
    if (typeof method !== 'string' || method === '') return;
    const { method: _m, ...rest } = parsed.params;
    await this.invoke(method, new Params(rest, parsed.files), () => undefined, 'webhook_reply');
  }
}

function render(error: ApiError): ApiResponse {
  return { status: error.errorCode, body: { ...error.toJSON() } };
}
