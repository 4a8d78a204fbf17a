import { performance } from 'node:perf_hooks';
import { FUZZ_ADMIN } from '../../tools/testing/fuzz-fixture';
import { startEmulator } from '../../apps/telegram-emulator/src';
import { startBotMain } from '../lib/bots';
import { stop } from '../lib/processes';
import { sampleProjectionLag } from '../lib/projection-lag';
import { summarize } from '../lib/stats';
import { WebhookBalancer } from '../lib/webhook';
import type { ProbeContext, ProbeFigures } from './probe';

const DURATION_MS = Number(process.env.RELIABILITY_DAY_S ?? 60) * 1000;
const WORKERS = Number(process.env.RELIABILITY_DAY_WORKERS ?? 16);
const PEOPLE = 20;
const SECRET = 'reliability_day';

type Operation = 'bid' | 'booking' | 'directoryLookup' | 'knowledgeQuestion' | 'displayPoll' | 'botUpdate';
/** How often each operation comes up in the mix (out of their sum). */
const MIX: [Operation, number][] = [
  ['bid', 30],
  ['booking', 15],
  ['directoryLookup', 20],
  ['knowledgeQuestion', 5],
  ['displayPoll', 20],
  ['botUpdate', 10],
];

/**
 * A day in the life: a mixed load for a fixed time (RELIABILITY_DAY_S, default 60 s) from WORKERS closed-loop
 * clients, each picking the next operation by the mix — bids on open lots, room bookings (conflicts included),
 * directory lookups, knowledge questions, door-display polls, and bot updates through the emulator to the
 * production bot (a reply awaited). Per operation: count, throughput, p50/p99 latency, answers by class, errors
 * (5xx, no answer, a bot update without a reply in 10 s); the auction projection's lag sampled meanwhile.
 */
export async function dayInTheLifeProbe(ctx: ProbeContext): Promise<ProbeFigures> {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ employeeId: `dl-${i}`, telegramUserId: 860_000_001 + i }));
  await ctx.actors.hire(ctx.store, ctx.apiUrl, [FUZZ_ADMIN, ...people]); // the suite's admin (ADMIN_EMPLOYEE_IDS) sets up rooms
  const admin = ctx.actors.as(FUZZ_ADMIN);
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${ctx.apiUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const setUp = async (path: string, body: unknown) => {
    const r = await call('POST', path, admin, body);
    if (r.status >= 300) throw new Error(`day in the life: POST ${path} answered ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  const rooms = ['dl-room-0', 'dl-room-1', 'dl-room-2'];
  await setUp('/rooms/offices', { officeId: 'dl-office', name: 'Day office', timeZone: 'Europe/Moscow' });
  for (const roomId of rooms) await setUp('/rooms/offices/dl-office/rooms', { roomId, name: roomId, floor: 1, capacity: 6 });
  const displayToken = String((await setUp('/displays', { roomId: rooms[0], label: 'Day door' })).token);
  const lots = ['dl-lot-0', 'dl-lot-1', 'dl-lot-2', 'dl-lot-3'];
  for (const lotId of lots)
    await setUp('/auctions', {
      lotId,
      kind: 'own_lot',
      title: lotId,
      startingPrice: 1000,
      minIncrement: 100,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
  // working days ahead, for bookings
  const days: string[] = [];
  for (let at = Date.now() + 86_400_000; days.length < 5; at += 86_400_000)
    if (![0, 6].includes(new Date(at).getUTCDay())) days.push(new Date(at).toISOString().slice(0, 10));

  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
  emu.control.createUsers(
    people.map((p) => ({ id: p.telegramUserId, first_name: p.employeeId, language_code: 'en', started: true })),
    { seeded: true },
  );
  const balancer = new WebhookBalancer(SECRET);
  const own: Parameters<typeof startBotMain>[0]['children'] = [];
  try {
    const bot = await startBotMain({
      dist: ctx.dist,
      emu,
      apiUrl: ctx.apiUrl,
      apiToken: ctx.actors.botToken,
      secret: SECRET,
      webhookUrl: await balancer.listen(),
      children: own,
    });
    balancer.targets.push(bot.hookUrl);

    const minimum = new Map(lots.map((l) => [l, 1000]));
    const busyChats = new Set<number>();
    const ops: Record<Operation, (worker: number, n: number) => Promise<number>> = {
      bid: async (w, n) => {
        const lotId = lots[n % lots.length];
        const person = people[w % PEOPLE];
        const r = await call(
          'POST',
          `/auctions/${lotId}/bids`,
          { ...ctx.actors.as(person.employeeId), 'idempotency-key': `dl-${w}-${n}` },
          { amount: minimum.get(lotId)! },
        );
        if (typeof r.json.minimum === 'number') minimum.set(lotId, r.json.minimum);
        else if (r.status === 201) minimum.set(lotId, minimum.get(lotId)! + 100);
        return r.status;
      },
      booking: async (w, n) => {
        const day = days[n % days.length];
        const hour = 8 + ((w * 7 + n) % 10);
        const r = await call(
          'POST',
          `/rooms/${rooms[n % rooms.length]}/bookings`,
          { ...ctx.actors.as(people[w % PEOPLE].employeeId), 'idempotency-key': `dl-b-${w}-${n}` },
          {
            title: `Day ${w}/${n}`,
            start: `${day}T${String(hour).padStart(2, '0')}:00:00+03:00`,
            end: `${day}T${String(hour).padStart(2, '0')}:30:00+03:00`,
          },
        );
        return r.status;
      },
      directoryLookup: async (w, n) =>
        (await call('GET', `/directory/search?q=${['dl', 'fz', 'two', 'ivan'][n % 4]}`, ctx.actors.as(people[w % PEOPLE].employeeId))).status,
      knowledgeQuestion: async (w) =>
        (await call('POST', '/knowledge/ask', ctx.actors.as(people[w % PEOPLE].employeeId), { question: 'How do I book a meeting room?' })).status,
      displayPoll: async () => (await call('GET', '/displays/schedule', { authorization: `Bearer ${displayToken}` })).status,
      botUpdate: async (w, n) => {
        // one update at a time per chat (as a person types): a busy chat's turn goes to the directory instead
        const userId = people[(w + n) % PEOPLE].telegramUserId;
        if (busyChats.has(userId)) return ops.directoryLookup(w, n);
        busyChats.add(userId);
        try {
          const after = emu.control.lastSeq;
          emu.control.sendMessage({ userId, text: n % 2 ? '/lots' : '/help' });
          return await emu.control.waitForBotMessage(userId, { after, timeoutMs: 10_000 }).then(
            () => 200,
            () => 0,
          );
        } finally {
          busyChats.delete(userId);
        }
      },
    };
    const samples = Object.fromEntries(MIX.map(([op]) => [op, { latencies: [] as number[], byStatus: {} as Record<string, number>, errors: 0 }]));
    const weights = MIX.reduce((s, [, w]) => s + w, 0);
    const pick = (x: number): Operation => {
      for (const [op, w] of MIX) if ((x -= w) < 0) return op;
      return MIX[0][0];
    };
    const stopLag = sampleProjectionLag(String(ctx.env.DATABASE_URL), { schema: 'auction', name: 'auction' }, 50);
    const t0 = performance.now();
    const end = t0 + DURATION_MS;
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let n = 0; performance.now() < end; n++) {
          const op = pick(Math.random() * weights);
          const start = performance.now();
          const status = await ops[op](w, n).catch(() => 0);
          const s = samples[op];
          s.latencies.push(performance.now() - start);
          s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
          if (status === 0 || status >= 500) s.errors++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const lag = await stopLag();
    const operations = Object.fromEntries(
      Object.entries(samples).map(([op, s]) => [
        op,
        {
          count: s.latencies.length,
          perSecond: Math.round((s.latencies.length / seconds) * 10) / 10,
          latencyMs: summarize(s.latencies),
          byStatus: s.byStatus,
          errors: s.errors,
        },
      ]),
    );
    const all = Object.values(samples);
    const count = all.reduce((n, s) => n + s.latencies.length, 0);
    return {
      sent: count,
      acknowledged: count - all.reduce((n, s) => n + s.errors, 0),
      serverErrors: all.reduce(
        (n, s) =>
          n +
          Object.entries(s.byStatus)
            .filter(([k]) => Number(k) >= 500)
            .reduce((m, [, v]) => m + v, 0),
        0,
      ),
      noAnswer: all.reduce((n, s) => n + (s.byStatus['0'] ?? 0), 0),
      crashed: own.some((c) => c.exitCode !== null || c.signalCode !== null),
      durationS: Math.round(seconds * 10) / 10,
      workers: WORKERS,
      perSecond: Math.round((count / seconds) * 10) / 10,
      operations,
      auctionProjectionLag: lag,
    };
  } finally {
    await Promise.all(own.map((c) => stop(c)));
    await balancer.close();
    await emu.stop();
  }
}
