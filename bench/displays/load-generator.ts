import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { summarize } from '../lib/stats';

/**
 * Door displays polling GET /displays/schedule, in a process of its own.
 * Each simulated display keeps the ETag of its last 200 and sends it as
 * If-None-Match (as the firmware does), so most answers are 304 until a
 * booking changes its room's sign. Closed loop: every display polls again
 * as soon as it is answered (throughput). Open loop: polls are scheduled at
 * a fixed rate and latency counts from the scheduled instant (no
 * coordinated omission).
 */
export interface PollSpec {
  origin: string;
  path: string;
  tokens: string[];
  mode: 'closed' | 'open';
  /** Connections (closed loop: also the number of displays polling at once). */
  concurrency: number;
  rate?: number;
  durationMs: number;
  warmupMs: number;
  /** Send If-None-Match with the last ETag (false: every answer is a full 200). */
  etags: boolean;
}

export interface PollResult {
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  status200: number;
  status304: number;
  /** 200s to a poll with If-None-Match whose ETag changed (a booking reached the sign). */
  etagChanges: number;
  /** 200s to a poll without If-None-Match (the display's first poll, or the no-ETag baseline). */
  status200Unconditional: number;
  payloadBytes: { max: number; mean: number };
  errors: number;
  errorsByStatus: Record<string, number>;
  networkErrors: number;
}

export async function runPolls(spec: PollSpec): Promise<PollResult> {
  const pool = new Pool(spec.origin, { connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const etags: (string | undefined)[] = spec.tokens.map(() => undefined);
  const latencies: number[] = [];
  const errorsByStatus: Record<string, number> = {};
  let measuring = false;
  let s200 = 0;
  let s304 = 0;
  let changes = 0;
  let unconditional = 0;
  let errors = 0;
  let networkErrors = 0;
  let maxBytes = 0;
  let sumBytes = 0;
  const query = 'proto=1&fw=1.0.0&bat_mv=3712&rssi=-67&fails=0';

  const send = async (d: number, scheduledAt?: number) => {
    const t0 = scheduledAt ?? performance.now();
    const counted = measuring;
    const headers: Record<string, string> = { authorization: `Bearer ${spec.tokens[d]}`, 'user-agent': 'room-display/1.0.0' };
    const sentEtag = spec.etags ? etags[d] : undefined;
    if (sentEtag) headers['if-none-match'] = sentEtag;
    try {
      const res = await pool.request({ method: 'GET', path: `${spec.path}?${query}`, headers });
      const body = await res.body.text();
      const t1 = performance.now();
      if (res.statusCode === 200) {
        const etag = res.headers.etag as string | undefined;
        if (counted && !sentEtag) unconditional++;
        else if (counted && etag !== sentEtag) changes++;
        etags[d] = etag;
      }
      if (!counted) return;
      latencies.push(t1 - t0);
      if (res.statusCode === 200) {
        s200++;
        const bytes = Buffer.byteLength(body);
        maxBytes = Math.max(maxBytes, bytes);
        sumBytes += bytes;
      } else if (res.statusCode === 304) s304++;
      else {
        errors++;
        errorsByStatus[res.statusCode] = (errorsByStatus[res.statusCode] ?? 0) + 1;
      }
    } catch {
      if (counted) networkErrors++;
    }
  };

  const start = performance.now();
  const end = start + spec.warmupMs + spec.durationMs;
  const warmTimer = setTimeout(() => (measuring = true), spec.warmupMs);
  if (spec.mode === 'closed') {
    // Each display polls its own token (a device never has two requests out); `concurrency` displays at once.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(spec.concurrency, spec.tokens.length) }, async () => {
        const d = next++;
        while (performance.now() < end) await send(d);
      }),
    );
  } else {
    const rate = spec.rate ?? 1000;
    const inflight = new Set<Promise<void>>();
    const busy = spec.tokens.map(() => false);
    let k = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (now >= end) return resolve();
        for (let due = start + (k * 1000) / rate; due <= now; due = start + (k * 1000) / rate) {
          // The next display without a request out (a device never has two); all busy: overload, send anyway.
          let d = k % spec.tokens.length;
          for (let i = 0; i < spec.tokens.length && busy[d]; i++) d = (d + 1) % spec.tokens.length;
          busy[d] = true;
          const p = send(d, due).finally(() => (busy[d] = false));
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
  return {
    requests,
    seconds,
    rps: Math.round((requests / seconds) * 10) / 10,
    latencyMs: summarize(latencies),
    status200: s200,
    status304: s304,
    etagChanges: changes,
    status200Unconditional: unconditional,
    payloadBytes: { max: maxBytes, mean: s200 ? Math.round(sumBytes / s200) : 0 },
    errors,
    errorsByStatus,
    networkErrors,
  };
}

// Child-process entry: spec in, result out over IPC.
if (require.main === module) {
  process.once('message', (spec: PollSpec) => {
    runPolls(spec).then(
      (r) => process.send!(r, () => process.exit(0)),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
