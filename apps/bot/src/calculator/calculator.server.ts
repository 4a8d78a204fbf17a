import type * as http from 'node:http';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { SECRET_HEADER, startWebhookServer } from '../shared/webhook-server';
import { createCalculatorBot, type CalculatorBotOptions } from './calculator.bot';

export { SECRET_HEADER };
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

/**
 * Starts the calculator bot in webhook mode: the shared webhook server (secret check, limits, fast acknowledgement,
 * graceful stop, /healthz), then setWebhook with the secret token and the update types it handles.
 */
export async function startCalculatorBot(options: StartCalculatorOptions): Promise<RunningCalculatorBot> {
  const log = options.log ?? ((line: string) => console.log(`[calculator] ${line}`));
  const bot = createCalculatorBot({ ...options, log });
  const hook = await startWebhookServer({
    webhookUrl: options.webhookUrl,
    secretToken: options.secretToken,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    handleUpdate: (update) => bot.handleUpdate(update as unknown as Update),
    log,
  });
  try {
    bot.botInfo = await bot.telegram.getMe();
    await bot.telegram.setWebhook(hook.url, { secret_token: options.secretToken, allowed_updates: [...ALLOWED_UPDATES] });
    const parsed = new URL(hook.url);
    log(`@${bot.botInfo.username} listens on ${hook.host}:${hook.port}, webhook ${parsed.origin}${parsed.pathname}`);
    const stop = async () => {
      await hook.stop();
      log('stopped');
    };
    return { bot, server: hook.server, port: hook.port, webhookUrl: hook.url, stop };
  } catch (e) {
    await hook.stop();
    throw e;
  }
}
