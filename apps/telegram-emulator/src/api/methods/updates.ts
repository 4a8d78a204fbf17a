import { badRequest, conflict, WEBHOOK_ACTIVE_CONFLICT } from '../../core/errors';
import type { WebhookInfo } from '../../types';
import { Described, type MethodCall, type MethodTable } from '../dispatcher';

const MAX_POLL_TIMEOUT_S = 600;

function allowedUpdatesParam(call: MethodCall): string[] | undefined | null {
  if (call.params.raw.allowed_updates === undefined) return null; // not specified: keep the previous setting
  const value = call.params.json('allowed_updates', 'allowed_updates JSON array');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw badRequest('field "allowed_updates" must be an Array of Strings');
  }
  return value as string[];
}

export const updateMethods: MethodTable = {
  getMe: ({ ctx }) => ctx.botInfo(),

  logOut: () => true,
  close: () => true,

  getUpdates: (call) => {
    const { ctx, params } = call;
    if (ctx.webhook.current) throw conflict(WEBHOOK_ACTIVE_CONFLICT);
    const offset = params.int('offset') ?? 0;
    const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
    const timeout = Math.min(MAX_POLL_TIMEOUT_S, Math.max(0, params.int('timeout') ?? 0));
    const allowed = allowedUpdatesParam(call);
    if (allowed !== null) ctx.queue.setAllowedUpdates(allowed);
    return ctx.queue.poll({ offset, limit, timeoutMs: timeout * 1000 }, call.onAbandon);
  },

  setWebhook: (call) => {
    const { ctx, params } = call;
    const url = (params.string('url') ?? '').trim();
    const drop = params.bool('drop_pending_updates') ?? false;
    if (url === '') {
      const had = ctx.webhook.current !== null;
      ctx.webhook.delete();
      if (drop) ctx.queue.dropAll();
      ctx.events.emit({ type: 'webhook_changed', url: '' });
      return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: Wrong HTTP URL specified');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badRequest('bad webhook: Unsupported URL protocol');
    const secretToken = params.string('secret_token');
    if (secretToken !== undefined && secretToken !== '' && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw badRequest('secret token contains unallowed characters');
    }
    const maxConnections = Math.min(100, Math.max(1, params.int('max_connections') ?? 40));
    const allowed = allowedUpdatesParam(call);
    if (allowed !== null) ctx.queue.setAllowedUpdates(allowed);
    if (drop) ctx.queue.dropAll();
    const previous = ctx.webhook.current;
    ctx.queue.terminateWaiter(conflict(WEBHOOK_ACTIVE_CONFLICT));
    ctx.webhook.set({
      url,
      secretToken: secretToken || undefined,
      maxConnections,
      ipAddress: params.string('ip_address'),
      setAt: ctx.now(),
    });
    ctx.events.emit({ type: 'webhook_changed', url });
    return new Described(true, previous?.url === url ? 'Webhook is already set' : 'Webhook was set');
  },

  deleteWebhook: ({ ctx, params }) => {
    const had = ctx.webhook.current !== null;
    ctx.webhook.delete();
    if (params.bool('drop_pending_updates')) ctx.queue.dropAll();
    ctx.events.emit({ type: 'webhook_changed', url: '' });
    return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  },

  getWebhookInfo: ({ ctx }) => {
    const config = ctx.webhook.current;
    const info: WebhookInfo = {
      url: config?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: ctx.queue.size,
    };
    if (config) {
      if (config.ipAddress) info.ip_address = config.ipAddress;
      const error = ctx.webhook.lastErrorInfo;
      if (error) {
        info.last_error_date = error.date;
        info.last_error_message = error.message;
      }
      info.max_connections = config.maxConnections;
      if (ctx.queue.allowedUpdates) info.allowed_updates = ctx.queue.allowedUpdates;
    }
    return info;
  },
};
