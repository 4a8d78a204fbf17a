import type * as http from 'node:http';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { createBot, type BotOptions } from './bot';
import { startWebhookServer } from './shared/webhook-server';

/** The update types the bot handles (setWebhook's allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface StartWebhookBotOptions extends Omit<BotOptions, 'claimFailure'> {
  /** The public webhook URL; a function gets the bound address (tests listen on port 0). */
  webhookUrl: string | ((address: { host: string; port: number }) => string);
  secretToken: string;
  port?: number;
  host?: string;
  /** setWebhook's drop_pending_updates. */
  dropPendingUpdates?: boolean;
  ackTimeoutMs?: number;
  /** Pauses before handling again an update that failed after its acknowledgement (see WebhookServerOptions). */
  retryDelaysMs?: number[];
  shutdownTimeoutMs?: number;
  /** Test seam: wraps the handling of each update (e.g. to fail a delivery after it was handled). */
  interceptUpdate?: (update: Update, handle: () => Promise<void>) => Promise<void>;
  log?: (line: string) => void;
}

export interface RunningWebhookBot {
  bot: Telegraf;
  server: http.Server;
  port: number;
  webhookUrl: string;
  /** Stops taking updates (503), finishes the ones in progress, closes the server; the webhook stays registered. */
  stop(): Promise<void>;
}

/**
 * The bot in webhook mode: the shared webhook server, then setWebhook with the secret, the handled update types and
 * drop_pending_updates. Any number of instances may run behind one URL: updates are claimed through the API.
 */
export async function startWebhookBot(options: StartWebhookBotOptions): Promise<RunningWebhookBot> {
  const log = options.log ?? ((line: string) => console.log(`[bot] ${line}`));
  const bot = createBot({ ...options, claimFailure: 'throw' });
  const handle = (update: Update) => bot.handleUpdate(update);
  const hook = await startWebhookServer({
    webhookUrl: options.webhookUrl,
    secretToken: options.secretToken,
    port: options.port,
    host: options.host,
    ackTimeoutMs: options.ackTimeoutMs,
    retryDelaysMs: options.retryDelaysMs,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    handleUpdate: (raw) => {
      const update = raw as unknown as Update;
      return options.interceptUpdate ? options.interceptUpdate(update, () => handle(update)) : handle(update);
    },
    log,
  });
  try {
    bot.botInfo = await bot.telegram.getMe();
    await bot.telegram.setWebhook(hook.url, {
      secret_token: options.secretToken,
      allowed_updates: [...ALLOWED_UPDATES],
      drop_pending_updates: options.dropPendingUpdates ?? false,
    });
    const parsed = new URL(hook.url);
    log(`@${bot.botInfo.username} webhook ${parsed.origin}${parsed.pathname}, listening on ${hook.host}:${hook.port}`);
    return { bot, server: hook.server, port: hook.port, webhookUrl: hook.url, stop: () => hook.stop() };
  } catch (e) {
    await hook.stop();
    throw e;
  }
}
