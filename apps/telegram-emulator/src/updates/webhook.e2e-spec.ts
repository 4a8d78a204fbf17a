import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../index';
import { call } from '../testing/bot-api-client';
import { until } from '../testing/wait';

interface Received {
  update: any;
  secret: string | undefined;
  at: number;
}

/** A tiny webhook receiver whose behaviour each test scripts. */
class Receiver {
  readonly received: Received[] = [];
  respond: (update: any, res: http.ServerResponse) => void = (_u, res) => res.end();
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const update = JSON.parse(body);
      this.received.push({ update, secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, at: Date.now() });
      this.respond(update, res);
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  texts(): string[] {
    return this.received.map((r) => r.update.message?.text);
  }
}

describe('webhook delivery', () => {
  let emu: RunningEmulator;
  let receiver: Receiver;
  const A = { id: 3001, first_name: 'Anna' };
  const B = { id: 3002, first_name: 'Boris' };

  beforeAll(async () => {
    emu = await startEmulator({ users: [A, B], webhookRetryBaseMs: 40, webhookTimeoutMs: 300 });
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    emu.control.reset();
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(() => receiver.stop());

  it('POSTs updates with the secret token header and reports a clean getWebhookInfo', async () => {
    const set = await fetch(`${emu.botApiUrl}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, secret_token: 's3cr3t_-X', allowed_updates: ['message'] }),
    });
    expect(await set.json()).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    emu.control.sendMessage({ userId: A.id, text: 'hello' });
    await until(() => receiver.received.length === 1);
    expect(receiver.received[0].secret).toBe('s3cr3t_-X');
    expect(receiver.received[0].update.message.text).toBe('hello');
    await until(() => emu.control.pendingUpdates().length === 0);
    const info = await call(emu, 'getWebhookInfo');
    expect(info).toEqual({
      url: receiver.url,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
      allowed_updates: ['message'],
    });
  });

  it('no secret header when no secret_token is set; invalid secrets are rejected', async () => {
    const bad = await fetch(`${emu.botApiUrl}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, secret_token: 'has space' }),
    });
    expect(await bad.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: secret token contains unallowed characters' });
    await call(emu, 'setWebhook', { url: receiver.url });
    emu.control.sendMessage({ userId: A.id, text: 'x' });
    await until(() => receiver.received.length === 1);
    expect(receiver.received[0].secret).toBeUndefined();
  });

  it('redelivers after a 500 with backoff, keeps per-chat order, does not block other chats, records the error', async () => {
    let failuresLeft = 2;
    receiver.respond = (update, res) => {
      if (update.message?.chat.id === A.id && failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = 500;
        res.end('boom');
        return;
      }
      res.end();
    };
    await call(emu, 'setWebhook', { url: receiver.url });
    emu.control.sendMessage({ userId: A.id, text: 'a1' });
    emu.control.sendMessage({ userId: A.id, text: 'a2' });
    emu.control.sendMessage({ userId: B.id, text: 'b1' });
    await until(() => emu.control.pendingUpdates().length === 0);
    const texts = receiver.texts();
    // a1 failed twice and was retried; a2 never overtook it; b1 was not held back by chat A's failures
    expect(texts.filter((t) => t.startsWith('a'))).toEqual(['a1', 'a1', 'a1', 'a2']);
    expect(texts.indexOf('b1')).toBeLessThan(texts.lastIndexOf('a1'));
    const a1 = receiver.received.filter((r) => r.update.message.text === 'a1').map((r) => r.at);
    expect(a1[1] - a1[0]).toBeGreaterThanOrEqual(30); // base 40 ms
    expect(a1[2] - a1[1]).toBeGreaterThanOrEqual(70); // then 80 ms
    const info = await call(emu, 'getWebhookInfo');
    expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    expect(info.last_error_date).toEqual(expect.any(Number));
    expect(Math.abs(info.last_error_date - Date.now() / 1000)).toBeLessThan(10);
  });

  it('delivers one update per chat at a time, chats in parallel', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const perChat = new Map<number, number>();
    let maxPerChat = 0;
    receiver.respond = (update, res) => {
      const chat = update.message.chat.id;
      inFlight++;
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxPerChat = Math.max(maxPerChat, perChat.get(chat)!);
      setTimeout(() => {
        inFlight--;
        perChat.set(chat, perChat.get(chat)! - 1);
        res.end();
      }, 60);
    };
    await call(emu, 'setWebhook', { url: receiver.url });
    for (let i = 1; i <= 3; i++) {
      emu.control.sendMessage({ userId: A.id, text: `a${i}` });
      emu.control.sendMessage({ userId: B.id, text: `b${i}` });
    }
    await until(() => receiver.received.length === 6 && emu.control.pendingUpdates().length === 0);
    expect(maxPerChat).toBe(1);
    expect(maxInFlight).toBe(2);
    expect(receiver.texts().filter((t) => t.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(receiver.texts().filter((t) => t.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
  });

  it('timeouts and refused connections are retried and reported', async () => {
    receiver.respond = () => undefined; // never answers
    await call(emu, 'setWebhook', { url: receiver.url });
    emu.control.sendMessage({ userId: A.id, text: 'slow' });
    await until(() => emu.control.webhookInfo().last_error_message === 'Read timeout expired');
    await receiver.stop();
    const closedUrl = receiver.url;
    await call(emu, 'setWebhook', { url: closedUrl });
    await until(() => emu.control.webhookInfo().last_error_message === 'Connection refused');
    expect(emu.control.webhookInfo().pending_update_count).toBe(1);
    // the update is still there for getUpdates after the webhook is removed
    await call(emu, 'deleteWebhook');
    expect((await call(emu, 'getUpdates')).map((u: any) => u.message.text)).toEqual(['slow']);
    receiver = new Receiver();
    await receiver.start();
  });

  it('executes a Bot API call returned in the webhook response', async () => {
    receiver.respond = (update, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: 'sendMessage', chat_id: update.message.chat.id, text: `echo: ${update.message.text}` }));
    };
    await call(emu, 'setWebhook', { url: receiver.url });
    const sent = emu.control.sendMessage({ userId: A.id, text: 'ping' });
    const reply = await emu.control.waitForBotMessage(A.id, { after: sent.seq });
    expect(reply.text).toBe('echo: ping');
  });

  it('drop_pending_updates discards the queue', async () => {
    emu.control.sendMessage({ userId: A.id, text: 'old' });
    await call(emu, 'setWebhook', { url: 'http://127.0.0.1:9/unused', drop_pending_updates: true });
    expect((await call(emu, 'getWebhookInfo')).pending_update_count).toBe(0);
    const again = await fetch(`${emu.botApiUrl}/setWebhook?url=${encodeURIComponent('http://127.0.0.1:9/unused')}`);
    expect(((await again.json()) as any).description).toBe('Webhook is already set');
    emu.control.sendMessage({ userId: A.id, text: 'new' });
    await call(emu, 'deleteWebhook', { drop_pending_updates: true });
    expect((await call(emu, 'getWebhookInfo')).pending_update_count).toBe(0);
    expect(((await (await fetch(`${emu.botApiUrl}/deleteWebhook`)).json()) as any).description).toBe('Webhook is already deleted');
  });
});
