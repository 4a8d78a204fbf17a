import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../telegram-emulator/src';
import { startWebhookBot, type RunningWebhookBot, type StartWebhookBotOptions } from './bot.webhook';
import { IdentityApi } from './identity/identity.api';
import { identityLookup } from './identity/identity.gate';
import { ApiClient } from './shared/api-client';

const ANNA = { id: 710001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 710002, first_name: 'Boris', language_code: 'en', label: 'Boris' };
const VERA = { id: 710003, first_name: 'Vera', language_code: 'en', label: 'Vera' };
const SECRET = 'bot_hook_secret_1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v) return v as T;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('bot in webhook mode against the emulator and the API', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  const running: RunningWebhookBot[] = [];
  const logs: string[] = [];

  const start = async (extra: Partial<StartWebhookBotOptions> = {}) => {
    // each instance with its own client, as separate processes would have
    const http = new ApiClient(system.apiUrl, { credential: system.botToken });
    const bot = await startWebhookBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: system.apiUrl,
      http,
      lookupActor: identityLookup(new IdentityApi(http)),
      webhookUrl: ({ port }) => `http://127.0.0.1:${port}/telegram/hook`,
      secretToken: SECRET,
      port: 0,
      host: '127.0.0.1',
      log: (line) => logs.push(line),
      ...extra,
    });
    running.push(bot);
    return bot;
  };
  const stopAll = async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
  };
  const outCount = (userId: number) => emu.control.messages(userId, { direction: 'out' }).length;
  const lastOut = (userId: number) => emu.control.messages(userId, { direction: 'out' }).slice(-1)[0];
  const lot = async (lotId: string) =>
    (await (await fetch(`${system.apiUrl}/auctions/${lotId}`, { headers: system.bot(VERA.id) })).json()) as { bidCount: number };

  beforeAll(async () => {
    system = await startTestSystem();
    // the users' accounts are bound to their employees (the API acts for bound accounts only); the seller acts from outside the bot
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
      { employeeId: 'e-vera', telegramUserId: VERA.id },
    ]);
    await system.employees('e-seller');
    for (const lotId of ['bike', 'desk']) {
      const res = await fetch(`${system.apiUrl}/auctions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...system.as('e-seller') },
        body: JSON.stringify({
          lotId,
          kind: 'own_lot',
          title: `Lot ${lotId}`,
          startingPrice: 800_000,
          minIncrement: 20_000,
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      });
      expect(res.status).toBe(201);
    }
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, VERA], webhookRetryBaseMs: 50 });
  });
  afterEach(stopAll);
  afterAll(async () => {
    await stopAll();
    await emu?.stop();
    await system?.close();
  });

  it('registers the webhook with the secret, the handled update types, and drops pending updates when asked', async () => {
    await start();
    emu.control.sendMessage({ userId: VERA.id, text: '/start' }); // handled: the webhook is set
    await until(() => outCount(VERA.id) === 1, 'greeting');
    await stopAll(); // the webhook stays registered, deliveries fail now
    emu.control.sendMessage({ userId: VERA.id, text: '/lots' });
    await until(() => emu.control.webhookInfo().pending_update_count >= 1, 'a pending update');
    const bot = await start({ dropPendingUpdates: true });
    const info = emu.control.webhookInfo();
    expect(info.url).toBe(bot.webhookUrl);
    expect(info.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
    expect(info.pending_update_count).toBe(0);
    await sleep(300);
    expect(outCount(VERA.id)).toBe(1); // the pending /lots was dropped, not answered
  });

  it('answers 401 to a missing or wrong secret and handles nothing (nor claims the update)', async () => {
    const bot = await start();
    const update = {
      update_id: 990001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ANNA.id, type: 'private' },
        from: { ...ANNA, is_bot: false },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(bot.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    emu.control.sendMessage({ userId: ANNA.id, text: '/start' }); // Anna opens the chat (the bot may write to her)
    await until(() => outCount(ANNA.id) === 1, 'greeting');
    const before = outCount(ANNA.id);
    expect((await post({})).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` })).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET.slice(0, -1) })).status).toBe(401);
    expect((await fetch(bot.webhookUrl, { headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).status).toBe(405);
    expect(
      (await fetch(bot.webhookUrl.replace('/hook', '/other'), { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, body: '{}' })).status,
    ).toBe(404);
    expect((await fetch(bot.webhookUrl.replace('/telegram/hook', '/healthz'))).status).toBe(200);
    await sleep(200);
    expect(outCount(ANNA.id)).toBe(before); // nothing was handled
    // the refused requests did not claim the update: with the right secret it is handled once
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
    await until(() => outCount(ANNA.id) === before + 1, 'the greeting');
    await sleep(150); // reported handled (in a batch within 50 ms); a copy before that is refused 500, to come again
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200); // the same update again
    await sleep(200);
    expect(outCount(ANNA.id)).toBe(before + 1);
  });

  it('malformed updates (ids of the wrong type or range, a __proto__ field, a press on an empty message) are acknowledged and dropped: no 500, no claim, no reply', async () => {
    const bot = await start();
    emu.control.sendMessage({ userId: BORIS.id, text: '/start' }); // Boris opens the chat (the bot may write to him)
    await until(() => outCount(BORIS.id) === 1, 'greeting');
    const message = {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: BORIS.id, type: 'private' },
      from: { ...BORIS, is_bot: false },
      text: '/help',
    };
    const press = { id: 'cb-malformed', from: { ...BORIS, is_bot: false }, chat_instance: '1', data: 'a:l' };
    const bodies = [
      JSON.stringify({ update_id: 990101, message: { ...message, chat: { id: 1e300, type: 'private' } } }),
      JSON.stringify({ update_id: 990102, message: { ...message, from: { ...message.from, id: 'boris' } } }),
      JSON.stringify({ update_id: 990103, message: { ...message, from: { ...message.from, id: -5 } } }),
      JSON.stringify({ update_id: 990104, message: { ...message, from: { ...message.from, id: 2 ** 60 } } }),
      JSON.stringify({ update_id: 990105, message }).replace('"text"', '"__proto__":{"admin":true},"text"'),
      JSON.stringify({ update_id: 990106, callback_query: { ...press, message: {} } }),
    ];
    const before = outCount(BORIS.id);
    for (const body of bodies) {
      const res = await fetch(bot.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body,
      });
      expect({ body: body.slice(0, 80), status: res.status }).toEqual({ body: body.slice(0, 80), status: 200 });
    }
    await sleep(200);
    expect(outCount(BORIS.id)).toBe(before);
    const claimed = await system.ds.query(`SELECT update_id FROM bot.processed_updates WHERE update_id BETWEEN 990101 AND 990106`);
    expect(claimed).toEqual([]);
    expect(logs.filter((l) => /dropped: /.test(l))).toHaveLength(bodies.length);
  });

  it('a delivery answered 500 after it was handled is redelivered by Telegram and dropped: one reply', async () => {
    const deliveries: number[] = [];
    let failNext = true;
    await start({
      interceptUpdate: async (update, handle) => {
        deliveries.push(update.update_id);
        await handle();
        if (failNext) {
          failNext = false;
          throw new Error('test hook: the first delivery fails after handling');
        }
      },
    });
    const before = outCount(BORIS.id);
    const sent = emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
    await until(() => deliveries.length >= 2, 'the redelivery');
    expect(new Set(deliveries).size).toBe(1); // the same update twice
    expect(emu.control.events(sent.seq).some((e) => e.type === 'webhook_error')).toBe(true);
    await until(() => emu.control.webhookInfo().pending_update_count === 0, 'the redelivery acknowledged');
    await sleep(200);
    expect(outCount(BORIS.id)).toBe(before + 1);
    expect(lastOut(BORIS.id).text).toContain('Open lots');
  });

  it('a bot that died on an update after claiming it: the redelivery after the claim lease is handled, with one reply', async () => {
    let died = false;
    await start({
      interceptUpdate: async (update, handle) => {
        if (!died) {
          died = true;
          // the dying instance claimed the update, then went down before handling it (the redelivery finds the lease run out)
          const claimed = await fetch(`${system.apiUrl}/bot/updates/${update.update_id}/claim`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...system.bot() },
            body: '{}',
          });
          expect(((await claimed.json()) as { first: boolean }).first).toBe(true);
          await system.ds.query(`UPDATE bot.processed_updates SET leased_until = now() WHERE update_id = $1`, [update.update_id]);
          throw new Error('test hook: the instance died on this update');
        }
        await handle();
      },
    });
    const before = outCount(BORIS.id);
    emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
    await until(() => outCount(BORIS.id) > before, 'the reply to the redelivery');
    await until(() => emu.control.webhookInfo().pending_update_count === 0, 'the redelivery acknowledged');
    await sleep(300);
    expect(outCount(BORIS.id)).toBe(before + 1);
    expect(lastOut(BORIS.id).text).toContain('Open lots');
    // the handled update is reported: a later copy of it is dropped even after its lease
    await sleep(150); // the report goes out in a batch within 50 ms
    const [row] = await system.ds.query(`SELECT handled_at FROM bot.processed_updates ORDER BY claimed_at DESC LIMIT 1`);
    expect(row.handled_at).not.toBeNull();
  });

  it('a bot killed on an update it claimed: redeliveries during the lease are refused, not dropped; the one after it is handled, with one reply', async () => {
    const deliveries: number[] = [];
    await start({
      interceptUpdate: async (update, handle) => {
        deliveries.push(update.update_id);
        if (deliveries.length === 1) {
          // the dying instance claimed the update (as this bot, by its id) and went down before handling it
          const claimed = await fetch(`${system.apiUrl}/bot/updates/${update.update_id}/claim`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...system.bot() },
            body: JSON.stringify({ botId: Number(emu.token.split(':')[0]) }),
          });
          expect(((await claimed.json()) as { first: boolean }).first).toBe(true);
          throw new Error('test hook: the instance died on this update');
        }
        await handle();
      },
    });
    const before = outCount(BORIS.id);
    const sent = emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
    await until(() => deliveries.length >= 3, 'redeliveries while the claim is leased');
    expect(outCount(BORIS.id)).toBe(before); // refused (500), so Telegram keeps it, not acknowledged and lost
    expect(emu.control.webhookInfo().pending_update_count).toBe(1);
    await system.ds.query(`UPDATE bot.processed_updates SET leased_until = now() WHERE update_id = $1`, [sent.updateId]); // the lease ran out
    await until(() => outCount(BORIS.id) > before, 'the reply to the redelivery after the lease');
    await until(() => emu.control.webhookInfo().pending_update_count === 0, 'the redelivery acknowledged');
    await sleep(300);
    expect(outCount(BORIS.id)).toBe(before + 1);
    expect(new Set(deliveries)).toEqual(new Set([sent.updateId]));
  });

  it('the same bid update posted twice to the webhook: one bid, and the second time no Bot API call at all', async () => {
    const seen: Update[] = [];
    const bot = await start({
      interceptUpdate: async (update, handle) => {
        seen.push(update);
        await handle();
      },
    });
    emu.control.sendMessage({ userId: ANNA.id, text: '/lots' });
    const list = await until(() => (lastOut(ANNA.id)?.text?.includes('Open lots') ? lastOut(ANNA.id) : undefined), 'lot list');
    const open = emu.control.pressButton({ userId: ANNA.id, messageId: list.message_id, text: '2. Lot desk' });
    await until(() => emu.control.callbackAnswer(open.callbackQueryId), 'answer to the card press');
    await until(() => lastOut(ANNA.id)?.text?.includes('Minimum bid'), 'the card');
    const press = emu.control.pressButton({ userId: ANNA.id, messageId: list.message_id, data: 'a:b:desk:800000' });
    await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'answer to the bid');
    const bidUpdate = seen.find((u) => 'callback_query' in u && u.callback_query.id === press.callbackQueryId)!;
    expect(bidUpdate).toBeDefined();
    await until(() => emu.control.webhookInfo().pending_update_count === 0, 'all delivered');
    const mark = emu.control.lastSeq;
    const post = () =>
      fetch(bot.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body: JSON.stringify(bidUpdate),
      }).then((r) => r.status);
    // Until the first handling is reported (in a batch within ~50 ms, later on a loaded machine) a copy is refused 500,
    // for Telegram to deliver it again; from then on every copy is answered 200 and dropped.
    let status = await post();
    for (let i = 0; status === 500 && i < 100; i++) {
      await sleep(50);
      status = await post();
    }
    expect([status, await post()]).toEqual([200, 200]);
    await sleep(300);
    const after = emu.control.events(mark).filter((e) => ['callback_answer', 'message_edited', 'message_sent', 'api_error'].includes(e.type));
    expect(after).toEqual([]);
    expect((await lot('desk')).bidCount).toBe(1);
  });

  it('two instances behind one webhook URL: every delivery reaches both, exactly one handles it; a flow moves between them', async () => {
    const handledBy: Record<string, number[]> = { a: [], b: [] };
    const tap =
      (name: 'a' | 'b'): StartWebhookBotOptions['interceptUpdate'] =>
      async (update, handle) => {
        handledBy[name].push(update.update_id);
        await handle();
      };
    // the "load balancer" mirrors every delivery to both instances (the worst case of redelivery)
    const targets: string[] = [];
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        Promise.all(
          targets.map((url) =>
            fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': String(req.headers['x-telegram-bot-api-secret-token'] ?? '') },
              body,
            }),
          ),
        ).then(
          (answers) => res.writeHead(answers.every((a) => a.ok) ? 200 : 502).end(),
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/telegram/hook`;
    try {
      const a = await start({ webhookUrl: ({ port }) => (targets.push(`http://127.0.0.1:${port}/telegram/hook`), proxyUrl), interceptUpdate: tap('a') });
      const b = await start({ webhookUrl: ({ port }) => (targets.push(`http://127.0.0.1:${port}/telegram/hook`), proxyUrl), interceptUpdate: tap('b') });
      expect(a.webhookUrl).toBe(proxyUrl);
      expect(b.webhookUrl).toBe(proxyUrl);

      const before = outCount(VERA.id);
      emu.control.sendMessage({ userId: VERA.id, text: '/lots' });
      const list = await until(() => (lastOut(VERA.id)?.text?.includes('Open lots') ? lastOut(VERA.id) : undefined), 'lot list');
      const open = emu.control.pressButton({ userId: VERA.id, messageId: list.message_id, text: '1. Lot bike' });
      await until(() => emu.control.callbackAnswer(open.callbackQueryId), 'answer to the card press');
      await until(() => lastOut(VERA.id)?.text?.includes('Minimum bid'), 'the card');
      const press = emu.control.pressButton({ userId: VERA.id, messageId: list.message_id, data: 'a:b:bike:800000' });
      const answer = await until(() => emu.control.callbackAnswer(press.callbackQueryId), 'answer to the bid');
      expect(answer.text).toMatch(/accepted/);
      await until(() => emu.control.webhookInfo().pending_update_count === 0, 'all delivered');
      await sleep(200);
      // both instances saw every update (a copy that came while the other still held its claim was refused and came
      // again), and the effects happened once
      expect(new Set(handledBy.a).size).toBe(3); // /lots, the card, the bid
      expect(new Set(handledBy.b)).toEqual(new Set(handledBy.a));
      expect(outCount(VERA.id)).toBe(before + 1); // one list, edited in place
      expect(emu.control.events().filter((e) => e.type === 'callback_answer' && e.callback_query_id === press.callbackQueryId)).toHaveLength(1);
      expect((await lot('bike')).bidCount).toBe(1);

      // the card shown with both running, a button pressed while only the other runs: the screens are stateless
      targets.splice(0, 1); // instance a leaves the balancer
      await a.stop();
      const refresh = emu.control.pressButton({ userId: VERA.id, messageId: list.message_id, data: 'a:c:bike' });
      await until(() => emu.control.callbackAnswer(refresh.callbackQueryId), 'answer to the refresh');
      await until(() => lastOut(VERA.id)?.text?.includes('Leader: e-vera'), 'the refreshed card');
      expect(new Set(handledBy.a).size).toBe(3);
      expect(new Set(handledBy.b).size).toBe(4);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
    // a copy that came while the other instance held the update's claim was refused (and came again): no other failure
    expect(logs.filter((l) => /failed/i.test(l) && !/test hook|holds its claim/.test(l))).toEqual([]);
  });

  it('a conversation started on one instance continues on another: "set maximum" asked by A, answered through B', async () => {
    const handledBy: Record<string, number[]> = { a: [], b: [] };
    const tap =
      (name: 'a' | 'b'): StartWebhookBotOptions['interceptUpdate'] =>
      async (update, handle) => {
        handledBy[name].push(update.update_id);
        await handle();
      };
    // a balancer that sends each delivery to the instance currently in rotation
    let target = '';
    const addresses: Record<string, string> = {};
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': String(req.headers['x-telegram-bot-api-secret-token'] ?? '') },
          body: Buffer.concat(chunks),
        }).then(
          (answer) => res.writeHead(answer.status).end(),
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/telegram/hook`;
    try {
      const a = await start({ webhookUrl: ({ port }) => ((addresses.a = `http://127.0.0.1:${port}/telegram/hook`), proxyUrl), interceptUpdate: tap('a') });
      await start({ webhookUrl: ({ port }) => ((addresses.b = `http://127.0.0.1:${port}/telegram/hook`), proxyUrl), interceptUpdate: tap('b') });
      target = addresses.a;
      const before = outCount(BORIS.id);
      emu.control.sendMessage({ userId: BORIS.id, text: '/lots' });
      const list = await until(
        () => (outCount(BORIS.id) > before && lastOut(BORIS.id)?.text?.includes('Open lots') ? lastOut(BORIS.id) : undefined),
        'lot list',
      );
      const open = emu.control.pressButton({ userId: BORIS.id, messageId: list.message_id, text: '2. Lot desk' });
      await until(() => emu.control.callbackAnswer(open.callbackQueryId), 'answer to the card press');
      await until(() => lastOut(BORIS.id)?.text?.includes('Minimum bid'), 'the card');
      const ask = emu.control.pressButton({ userId: BORIS.id, messageId: list.message_id, text: 'Set maximum…' });
      await until(() => emu.control.callbackAnswer(ask.callbackQueryId), 'answer to "set maximum"');
      await until(() => lastOut(BORIS.id)?.text?.includes('Send your maximum for «Lot desk»'), 'the question');
      expect(handledBy.b).toEqual([]);

      target = addresses.b; // A leaves the rotation and stops; B never saw the flow start
      await a.stop();
      emu.control.sendMessage({ userId: BORIS.id, text: '9 000' });
      await until(() => lastOut(BORIS.id)?.text?.includes('Your maximum of RUB'), 'the bid confirmation');
      expect(lastOut(BORIS.id).text).toMatch(/Your maximum of RUB\s9,000\.00 for «Lot desk» is set/);
      expect(handledBy.b).toHaveLength(1); // only the answer: the question was asked by A
      expect(handledBy.a).not.toContain(handledBy.b[0]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
