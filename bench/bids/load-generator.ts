import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { summarize } from '../lib/stats';

/**
 * HTTP load generator for bids, run in its own process so it has a core of
 * its own. Closed loop: N bidders, each sends its next bid when the last is
 * answered. Open loop: a timer schedules requests at a fixed rate and
 * latency counts from the scheduled time, so a slow server cannot hide
 * queueing (no coordinated omission). Every response is awaited and counted.
 */
export interface LoadSpec {
  origin: string;
  /** Path for a lot, with ":lot" replaced. */
  path: string;
  mode: 'closed' | 'open';
  concurrency: number;
  rate?: number;
  durationMs: number;
  warmupMs: number;
  lots: string[];
  startingPrice: number;
  increment: number;
  /**
   * escalating: each bid tops the last one this generator sent to the lot (a write-heavy hot
   * lot, the hard case for an event store); minimum: everyone bids the minimum they last saw
   * (most bids lose); proxy: like escalating, but every other bidder submits a maximum several
   * increments above (proxy bidding: the price then moves by the engine, not by every request).
   */
  strategy?: 'escalating' | 'minimum' | 'proxy';
  /**
   * How bidders authenticate, as the bot does for its users: its credential, and the Telegram account of bidder i
   * (`telegramIds[i]`, bound to employee `bidder-i`) in X-Telegram-User-Id.
   */
  auth: { botToken: string; telegramIds: number[] };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  acceptedPerS: number;
  rejectedTooLowPerS: number;
  rejectedOtherPerS: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  status: Record<string, number>;
  errors4xxUnexpected: number;
  errors5xx: number;
  networkErrors: number;
  /**
   * Command ids of accepted bids (for the log check): the idempotency key scoped to the Telegram account the bot acts
   * for, `tg<telegram id>/<key>`, as the API makes it.
   */
  acceptedKeys: string[];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const minimum = new Map(spec.lots.map((l) => [l, spec.startingPrice]));
  const nextAmount = new Map(spec.lots.map((l) => [l, spec.startingPrice]));
  const strategy = spec.strategy ?? 'escalating';
  const escalating = strategy === 'escalating' || strategy === 'proxy';
  const status: Record<string, number> = {};
  const latencies: number[] = [];
  const acceptedKeys: string[] = [];
  let measuring = false;
  let accepted = 0;
  let tooLow = 0;
  let otherRejected = 0;
  let networkErrors = 0;
  let unexpected4xx = 0;
  let errors5xx = 0;
  // Each bidder's headers, made once: a request only adds its idempotency key.
  const headersOf = Array.from({ length: spec.concurrency }, (_, bidder) => {
    const telegramId = spec.auth.telegramIds[bidder];
    if (telegramId === undefined) throw new Error(`no Telegram account for bidder-${bidder}`);
    return { 'content-type': 'application/json', authorization: `Bearer ${spec.auth.botToken}`, 'x-telegram-user-id': String(telegramId) };
  });

  const send = async (bidder: number, scheduledAt?: number) => {
    const lot = spec.lots[bidder % spec.lots.length];
    const min = minimum.get(lot)!;
    let amount: number;
    if (escalating) {
      amount = Math.max(min, nextAmount.get(lot)!);
      nextAmount.set(lot, amount + spec.increment);
      // half the bidders set a maximum 5-44 increments above what they must bid
      if (strategy === 'proxy' && bidder % 2 === 1) amount += spec.increment * (5 + (bidder % 40));
    } else amount = min + spec.increment * (bidder % 3 === 0 ? 1 : 0);
    const key = randomUUID();
    const t0 = scheduledAt ?? performance.now();
    const counted = measuring;
    try {
      const res = await pool.request({
        method: 'POST',
        path: spec.path.replace(':lot', lot),
        headers: { ...headersOf[bidder], 'idempotency-key': key },
        body: JSON.stringify({ amount }),
      });
      const body = (await res.body.json().catch(() => ({}))) as { minimum?: number; code?: string };
      const t1 = performance.now();
      if (res.statusCode === 201) {
        if (amount + spec.increment > (minimum.get(lot) ?? 0)) minimum.set(lot, amount + spec.increment);
        acceptedKeys.push(`tg${spec.auth.telegramIds[bidder]}/${key}`);
      } else if (res.statusCode === 422 && typeof body.minimum === 'number') {
        if (body.minimum > (minimum.get(lot) ?? 0)) minimum.set(lot, body.minimum);
      }
      if (!counted) return;
      latencies.push(t1 - t0);
      status[res.statusCode] = (status[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 201 || res.statusCode === 200) accepted++;
      else if (res.statusCode === 422 && body.code === 'auction.bid_too_low') tooLow++;
      else if (res.statusCode === 409 || res.statusCode === 422) otherRejected++;
      else if (res.statusCode >= 500) errors5xx++;
      else unexpected4xx++;
    } catch {
      if (counted) networkErrors++;
    }
  };

  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  const warmTimer = setTimeout(() => (measuring = true), spec.warmupMs);

  if (spec.mode === 'closed') {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async (_, i) => {
        while (performance.now() < end) await send(i);
      }),
    );
  } else {
    const rate = spec.rate ?? 1000;
    const inflight = new Set<Promise<void>>();
    let k = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (now >= end) return resolve();
        // send everything that is due; latency counts from the scheduled instant
        for (let due = start + (k * 1000) / rate; due <= now; due = start + (k * 1000) / rate) {
          const p = send(k % spec.concurrency, due);
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
          k++;
        }
        setTimeout(tick, 1);
      };
      tick();
    });
    await Promise.all(inflight);
  }
  clearTimeout(warmTimer);
  await pool.close();
  const seconds = spec.durationMs / 1000;
  const requests = latencies.length;
  const per = (n: number) => Math.round((n / seconds) * 10) / 10;
  return {
    requests,
    seconds,
    rps: per(requests),
    acceptedPerS: per(accepted),
    rejectedTooLowPerS: per(tooLow),
    rejectedOtherPerS: per(otherRejected),
    latencyMs: summarize(latencies),
    status,
    errors4xxUnexpected: unexpected4xx,
    errors5xx,
    networkErrors,
    acceptedKeys,
  };
}

// Child-process entry: spec in, result out over IPC.
if (require.main === module) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (r) => process.send!(r, () => process.exit(0)),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
