import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from '../../apps/telegram-emulator/src';

/**
 * Waits until the emulator has delivered every queued update to the webhook (none pending, none in flight) or
 * `timeoutMs` passed, and returns how many are still undelivered. A probe calls it before it stops a bot: updates
 * still queued then are delivered to a closed port, and the emulator logs each attempt as a webhook error
 * ("Connection refused") that says nothing about the bot.
 */
export async function drainWebhook(emu: RunningEmulator, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = emu.control.webhookInfo();
    if ((info.pending_update_count === 0 && info.in_flight === 0) || Date.now() >= until) return info.pending_update_count;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Where a probe points Telegram's webhook, in front of several bot instances: passes each update on to the next of
 * `targets` in turn (answering with its status, as a load balancer would), or, with no targets, acknowledges it and
 * keeps it for the probe (`take`) to deliver as it likes (`post`).
 */
export class WebhookBalancer {
  targets: string[] = [];
  private turn = 0;
  private held: Buffer[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!this.targets.length) {
        this.held.push(body);
        return void res.writeHead(200).end();
      }
      void this.post(this.targets[this.turn++ % this.targets.length], body).then((status) => res.writeHead(status || 502).end());
    });
  });

  constructor(private readonly secret: string) {}

  /** Starts listening; the URL to register as the webhook. */
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/telegram/hook`;
  }

  /** The updates kept so far (and forgets them). */
  take(): Buffer[] {
    return this.held.splice(0);
  }

  /** Posts an update to a bot's webhook with the secret header: its status, 0 for no answer. */
  post(url: string, body: Buffer): Promise<number> {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
      body: new Uint8Array(body),
    }).then(
      (r) => r.status,
      () => 0,
    );
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
