import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { RunningEmulator } from '../../apps/telegram-emulator/src';
import { freePort } from '@megabot/platform';
import { ready, spawn } from './processes';

export interface BotProcess {
  child: ChildProcess;
  /** Where the bot's webhook server listens (POST with the secret header). */
  hookUrl: string;
  /** The bot's stderr lines so far (its log with `log: true`). */
  stderr: string[];
}

/**
 * Forks one bot process of bench/bot/bot-process.ts on the emulator and waits until its webhook is registered.
 * `webhookUrl` registers another URL than its own (a balancer or a probe in front of several bots).
 */
export async function startBotProcess(opts: {
  dist: string;
  emu: RunningEmulator;
  apiUrl: string;
  /** The API's BOT_API_TOKEN. */
  apiToken: string;
  secret: string;
  kind?: 'real' | 'trivial';
  sendRatePerS?: number;
  webhookUrl?: string;
  log?: boolean;
  /** Node flags of the bot process (e.g. a CPU profile). */
  execArgv?: string[];
}): Promise<BotProcess> {
  const child = fork(path.join(opts.dist, 'bench/bot/bot-process.js'), [], {
    env: {
      ...process.env,
      BENCH_BOT_KIND: opts.kind ?? 'real',
      BENCH_BOT_SEND_RATE: String(opts.sendRatePerS ?? 1000),
      BENCH_TOKEN: opts.emu.token,
      BENCH_API_ROOT: opts.emu.apiRoot,
      BENCH_API_URL: opts.apiUrl,
      BENCH_BOT_API_TOKEN: opts.apiToken,
      BENCH_SECRET: opts.secret,
      ...(opts.webhookUrl && { BENCH_WEBHOOK_URL: opts.webhookUrl }),
      ...(opts.log && { BENCH_BOT_LOG: '1' }),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: opts.execArgv,
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => stderr.push(...b.toString().split('\n').filter(Boolean)));
  let port = 0;
  child.on('message', (m: { type?: string; port?: number }) => m?.type === 'ready' && (port = m.port ?? 0));
  await ready(child);
  return { child, hookUrl: `http://127.0.0.1:${port}/telegram/hook`, stderr };
}

/**
 * The production bot process (apps/bot/src/main.ts: webhook mode, notification delivery, offboarding) on the
 * emulator, registering `webhookUrl` (a balancer in front of several of them) and listening on a free port.
 */
export async function startBotMain(opts: {
  dist: string;
  emu: RunningEmulator;
  apiUrl: string;
  apiToken: string;
  secret: string;
  webhookUrl: string;
  children: ChildProcess[];
}): Promise<{ child: ChildProcess; hookUrl: string }> {
  const port = await freePort();
  const child = spawn(
    path.join(opts.dist, 'apps/bot/src/main.js'),
    [],
    {
      ...process.env,
      TELEGRAM_BOT_TOKEN: opts.emu.token,
      TELEGRAM_API_ROOT: opts.emu.apiRoot,
      API_URL: opts.apiUrl,
      BOT_API_TOKEN: opts.apiToken,
      BOT_MODE: 'webhook',
      BOT_WEBHOOK_URL: opts.webhookUrl,
      BOT_WEBHOOK_SECRET: opts.secret,
      BOT_PORT: String(port),
      BOT_HOST: '127.0.0.1',
      BOT_SEND_RATE_PER_S: '1000',
    },
    opts.children,
  );
  await ready(child);
  return { child, hookUrl: `http://127.0.0.1:${port}${new URL(opts.webhookUrl).pathname}` };
}
