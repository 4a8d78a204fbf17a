import type { AddressInfo } from 'node:net';
import { BotApiDispatcher } from './api/dispatcher';
import { ALL_METHOD_TABLES } from './api/methods';
import { EmulatorControl } from './control/control';
import { controlRoutes } from './control/routes';
import { SseHub } from './control/sse';
import { EmulatorContext } from './core/context';
import { createHttpServer } from './http/server';
import { resolveWebDir } from './http/static-files';
import { type EmulatorOptions, resolveOptions } from './options';
import type { User } from './types';

export interface RunningEmulator {
  /** http://host:port */
  url: string;
  token: string;
  /** Pass to Telegraf as `telegram.apiRoot` (requests go to `${apiRoot}/bot<token>/<method>`). */
  apiRoot: string;
  /** `${apiRoot}/bot<token>` — base for raw Bot API calls. */
  botApiUrl: string;
  /** The web dev chat. */
  devChatUrl: string;
  /** The bot as getMe returns it. */
  bot: User;
  /** Hex Ed25519 public key that verifies Web App initData `signature` minted by this emulator. */
  webAppPublicKeyHex: string;
  /** Users, chats, button presses, history, limits… (in-process; the same is available over HTTP at /_emulator). */
  control: EmulatorControl;
  /** Names of the emulated Bot API methods. */
  methods: string[];
  stop(): Promise<void>;
}

/** Starts the Telegram Bot API emulator with its control API and dev chat on one HTTP port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const ctx = new EmulatorContext(resolved);
  const api = new BotApiDispatcher(ctx, ALL_METHOD_TABLES);
  const control = new EmulatorControl(ctx);
  const sse = new SseHub(ctx.events);
  if (resolved.users.length > 0) control.createUsers(resolved.users, { seeded: true });

  const info = (): Record<string, unknown> => ({
    bot: ctx.botInfo(),
    token: resolved.token,
    api_root: ctx.baseUrl,
    dev_chat_url: `${ctx.baseUrl}/`,
    webhook: control.webhookInfo(),
    settings: control.settings,
    rate_limits: control.rateLimits,
    web_app_public_key_hex: ctx.signer.publicKeyHex,
    methods: api.methodNames,
  });
  const server = createHttpServer({ ctx, api, routes: controlRoutes(ctx, control, sse, { info }), webDir: resolveWebDir(resolved.webDir) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  ctx.baseUrl = url;

  let stopped: Promise<void> | null = null;
  return {
    url,
    token: resolved.token,
    apiRoot: url,
    botApiUrl: `${url}/bot${resolved.token}`,
    devChatUrl: `${url}/`,
    bot: ctx.botInfo(),
    webAppPublicKeyHex: ctx.signer.publicKeyHex,
    control,
    methods: api.methodNames,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        ctx.webhook.stop();
        ctx.queue.releaseWaiter();
        sse.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
