import { startEmulator, type RunningEmulator } from '../../apps/telegram-emulator/src';
import { startBotProcess, type BotProcess } from '../lib/bots';
import { stop } from '../lib/processes';
import { drainWebhook, WebhookBalancer } from '../lib/webhook';
import type { ProbeContext, ProbeFigures } from './probe';

const USERS = Number(process.env.RELIABILITY_REDELIVERY_USERS ?? 10);
const LOTS = 5;
const PRICE = 100_000;
const SECRET = 'reliability_redelivery';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Redelivery: every webhook update delivered twice, out of order, across two bot processes. Telegram's webhook is
 * pointed at this probe, which first passes updates through to one bot (each user opens a lot's card), then holds
 * them: each user sends /help, presses the card's bid button and sends /lots; every held update is posted twice, once
 * to each instance, all in a shuffled order and several at a time. One effect each is expected: one reply per text
 * update in the user's chat, one answer per button press, at most one BidPlaced per bidder in the log and one per
 * accepted bid (two users per lot at the starting price: one accepted, one too low).
 */
export async function redeliveryProbe(ctx: ProbeContext): Promise<ProbeFigures> {
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
  const users = Array.from({ length: USERS }, (_, i) => 840_000_001 + i);
  emu.control.createUsers(
    users.map((id) => ({ id, first_name: `R${id}`, language_code: 'en' })),
    { seeded: true },
  );
  await ctx.actors.hire(ctx.store, ctx.apiUrl, ['rd-seller', ...users.map((id) => ({ employeeId: `tg-${id}`, telegramUserId: id }))]);
  const lots = Array.from({ length: LOTS }, (_, i) => `rd-lot-${Date.now().toString(36)}-${i}`);
  for (const lotId of lots) await openLot(ctx, lotId);

  const hold = new WebhookBalancer(SECRET);
  const hook = await hold.listen();
  const bots: BotProcess[] = [];
  try {
    for (let i = 0; i < 2; i++)
      bots.push(await startBotProcess({ dist: ctx.dist, emu, apiUrl: ctx.apiUrl, apiToken: ctx.actors.botToken, secret: SECRET, webhookUrl: hook, log: true }));
    // 1. passed through to one bot: each user sees the card of a lot (two users per lot)
    hold.targets = [bots[0].hookUrl];
    await Promise.all(users.map((userId, i) => openCard(emu, userId, i % LOTS)));
    await drainWebhook(emu, 30_000);

    // 2. held, then each delivered twice across the two bots in a shuffled order
    hold.targets = [];
    const mark = emu.control.lastSeq;
    const outBefore = new Map(users.map((u) => [u, emu.control.messages(u, { direction: 'out' }).length]));
    const presses: string[] = [];
    for (const userId of users) {
      emu.control.sendMessage({ userId, text: '/help' });
      const card = emu.control.messages(userId, { direction: 'out' }).at(-1) as {
        message_id: number;
        reply_markup?: { inline_keyboard: { callback_data?: string }[][] };
      };
      const bid = card.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('a:b:'))?.callback_data;
      if (bid) presses.push(emu.control.pressButton({ userId, messageId: card.message_id, data: bid }).callbackQueryId);
      emu.control.sendMessage({ userId, text: '/lots' });
    }
    const textUpdates = users.length * 2;
    await drainWebhook(emu, 30_000);
    const held = hold.take();
    const deliveries = shuffle(held.flatMap((body) => (Math.random() < 0.5 ? [0, 1] : [1, 0]).map((bot) => ({ body, bot }))));
    const statuses: Record<string, number> = {};
    let noAnswer = 0;
    // A bot refuses (500) a copy whose update another delivery holds and has not handled yet; Telegram then delivers
    // it again later, as this probe does, up to ten times a second apart. A 5xx left after that would be a lost update.
    let pending = deliveries;
    let redeliveredAfterRefusal = 0;
    for (let round = 0; pending.length && round <= 10; round++) {
      if (round > 0) {
        redeliveredAfterRefusal += pending.length;
        await sleep(1000);
      }
      const refused: typeof deliveries = [];
      await pool(pending, 6, async (delivery) => {
        const status = await hold.post(bots[delivery.bot].hookUrl, delivery.body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 0) noAnswer++;
        if (status >= 500) refused.push(delivery);
      });
      pending = refused;
    }
    const serverErrors = pending.length;

    // 3. the effects, once the replies have settled
    const newOut = () => users.reduce((n, u) => n + emu.control.messages(u, { direction: 'out' }).length - outBefore.get(u)!, 0);
    const answers = () => emu.control.events(mark).filter((e) => e.type === 'callback_answer');
    for (let i = 0; i < 300 && (newOut() < textUpdates || new Set(answers().map((e) => e.callback_query_id)).size < presses.length); i++) await sleep(100);
    await sleep(1500); // time for a duplicate to show
    const replies = newOut();
    const answered = new Map<string, number>();
    for (const e of answers()) answered.set(String(e.callback_query_id), (answered.get(String(e.callback_query_id)) ?? 0) + 1);
    const accepted = answers().filter((e) => /accepted/.test(String(e.text ?? ''))).length;
    const { rows } = await ctx.store.pool.query<{ bidder: string; n: number }>(
      `SELECT data->>'bidderId' AS bidder, count(*)::int AS n FROM ${ctx.store.schema}.events WHERE type = 'BidPlaced' AND data->>'lotId' = ANY($1) GROUP BY 1`,
      [lots],
    );
    const bidsInLog = rows.reduce((n, r) => n + r.n, 0);
    const crashed = bots.some((b) => b.child.exitCode !== null || b.child.signalCode !== null);
    const lostAnswers = presses.filter((id) => !answered.has(id)).length;
    const duplicatedAnswers = [...answered.values()].filter((n) => n > 1).length;
    return {
      updates: held.length,
      sent: deliveries.length,
      acknowledged: deliveries.length - serverErrors - noAnswer,
      byStatus: statuses,
      redeliveredAfterRefusal,
      serverErrors,
      noAnswer,
      textUpdates,
      replies,
      presses: presses.length,
      answered: answered.size,
      bidsAccepted: accepted,
      bidsInLog,
      biddersWithTwoBids: rows.filter((r) => r.n > 1).length,
      lost: Math.max(0, textUpdates - replies) + lostAnswers + Math.max(0, accepted - bidsInLog),
      duplicated: Math.max(0, replies - textUpdates) + duplicatedAnswers + rows.filter((r) => r.n > 1).length,
      crashed,
      botErrorSample: [...new Set(bots.flatMap((b) => b.stderr).filter((l) => /failed|error/i.test(l)))].slice(0, 5).map((l) => l.slice(0, 240)),
    };
  } finally {
    await Promise.all(bots.map((b) => stop(b.child)));
    await hold.close();
    await emu.stop();
  }
}

async function openLot(ctx: ProbeContext, lotId: string): Promise<void> {
  const res = await fetch(`${ctx.apiUrl}/auctions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ctx.actors.as('rd-seller') },
    body: JSON.stringify({
      lotId,
      kind: 'own_lot',
      title: `Redelivery ${lotId.slice(-1)}`,
      startingPrice: PRICE,
      minIncrement: 1000,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  });
  if (res.status !== 201) throw new Error(`opening ${lotId}: ${res.status} ${await res.text()}`);
}

/** /lots, then the lot's button on the list: the card (edited in place) with its bid button. */
async function openCard(emu: RunningEmulator, userId: number, index: number): Promise<void> {
  const after = emu.control.lastSeq;
  emu.control.sendMessage({ userId, text: '/lots' });
  const list = await emu.control.waitForBotMessage(userId, { text: /Open lots/, after, timeoutMs: 30_000 });
  emu.control.pressButton({ userId, messageId: list.message_id, data: `a:o:${index}` });
  await emu.control.waitForEdit(userId, { messageId: list.message_id, text: /Minimum bid/, timeoutMs: 30_000 });
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
