import { startWebhookServer, type RunningWebhookServer, type WebhookServerOptions } from './webhook-server';

const SECRET = 'unit_secret';
const update = (id: number) => JSON.stringify({ update_id: id, message: { text: 'hi' } });

describe('webhook server', () => {
  let server: RunningWebhookServer | undefined;
  const logs: string[] = [];
  const start = async (handleUpdate: WebhookServerOptions['handleUpdate'], extra: Partial<WebhookServerOptions> = {}) =>
    (server = await startWebhookServer({
      webhookUrl: ({ port }) => `http://127.0.0.1:${port}/hook?x=1`,
      secretToken: SECRET,
      port: 0,
      host: '127.0.0.1',
      handleUpdate,
      log: (l) => logs.push(l),
      ...extra,
    }));
  const post = (body: string, secret: string | null = SECRET, url = server!.url) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }) },
      body,
    });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('refuses a bad secret token at start', async () => {
    await expect(start(async () => undefined, { secretToken: 'has space' })).rejects.toThrow(/secret token/);
  });

  it('401 before anything else, then 404 / 405 / 413 / 415 / 400; the handler sees only good updates', async () => {
    const seen: number[] = [];
    const s = await start(async (u) => void seen.push(u.update_id), { maxBodyBytes: 100 });
    expect(s.path).toBe('/hook?x=1');
    expect((await post(update(1), null)).status).toBe(401);
    expect((await post(update(1), 'unit_secreT')).status).toBe(401);
    expect((await post(update(1), '')).status).toBe(401);
    expect((await post(update(1), SECRET, s.url.replace('/hook', '/other'))).status).toBe(404);
    expect((await fetch(s.url, { headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).status).toBe(405);
    expect((await post(JSON.stringify({ update_id: 1, pad: 'x'.repeat(200) }))).status).toBe(413);
    expect((await post('{oops')).status).toBe(415);
    expect((await post('[1]')).status).toBe(400);
    expect((await post('{"update_id":"1"}')).status).toBe(400);
    expect(seen).toEqual([]);
    expect((await post(update(7))).status).toBe(200);
    expect(seen).toEqual([7]);
    expect(await (await fetch(s.url.replace('/hook?x=1', '/healthz'))).text()).toBe('ok');
  });

  it('a handler that fails before the acknowledgement gets 500 (Telegram redelivers)', async () => {
    await start(async () => {
      throw new Error('boom');
    });
    expect((await post(update(2))).status).toBe(500);
    expect(logs.some((l) => /update 2 failed: boom/.test(l))).toBe(true);
  });

  it('an update that fails after the acknowledgement is handled again here (Telegram will not redeliver it), until it succeeds', async () => {
    let calls = 0;
    const s = await start(
      async () => {
        calls++;
        if (calls === 1) {
          await new Promise((r) => setTimeout(r, 150)); // slower than the acknowledgement...
          throw new Error('the API was unreachable'); // ...and then it fails
        }
        if (calls === 2) throw new Error('still unreachable');
      },
      { ackTimeoutMs: 50, retryDelaysMs: [20, 20, 20] },
    );
    expect((await post(update(3))).status).toBe(200);
    for (let i = 0; i < 100 && calls < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(3);
    expect(s.inFlight()).toBe(0);
    expect(logs.some((l) => /update 3 failed after its acknowledgement.*handling it again/.test(l))).toBe(true);
  });

  it('stop() waits for an update being handled again after its acknowledgement', async () => {
    let calls = 0;
    let done = false;
    const s = await start(
      async () => {
        calls++;
        if (calls === 1) {
          await new Promise((r) => setTimeout(r, 100));
          throw new Error('boom');
        }
        done = true;
      },
      { ackTimeoutMs: 20, retryDelaysMs: [100] },
    );
    expect((await post(update(4))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 120)); // failed, waiting to be handled again
    await s.stop();
    expect(done).toBe(true);
  });

  it('acknowledges a slow update within ackTimeoutMs and goes on handling it; stop() drains it', async () => {
    let finished = false;
    const s = await start(
      async () => {
        await new Promise((r) => setTimeout(r, 600));
        finished = true;
      },
      { ackTimeoutMs: 100 },
    );
    const t0 = Date.now();
    expect((await post(update(3))).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(450);
    expect(finished).toBe(false);
    expect(s.inFlight()).toBe(1);
    const stopping = s.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect((await fetch(s.url.replace('/hook?x=1', '/healthz')).catch(() => null))?.status ?? 503).toBe(503);
    await stopping;
    expect(finished).toBe(true);
    expect(s.inFlight()).toBe(0);
  });

  it('stop() gives up after shutdownTimeoutMs', async () => {
    const s = await start(() => new Promise(() => undefined), { ackTimeoutMs: 20, shutdownTimeoutMs: 100 });
    expect((await post(update(4))).status).toBe(200);
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(logs.some((l) => /gave up waiting for 1 update/.test(l))).toBe(true);
  });
});
