import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEATING_ROUTES } from '@megabot/contracts';
import { PostgresEventStore } from '@megabot/event-store';
import { startEmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { BenchActors } from '../lib/actors';
import { startApi, startProjector, stop } from '../lib/processes';
import { summarize } from '../lib/stats';

/**
 * `npm run bench:seating`: the hot-desk race through the real API (a
 * separate process beside the projector, embedded PostgreSQL), on the sample
 * plans of the Moscow office (14 hot desks):
 *   - race: EMPLOYEES bookings of the same desk-day sent at once, RACES
 *     times (each on another hot desk, today): exactly one may win, every
 *     other answer is 409; the time until the last answer of a race;
 *   - baseline, in the same run: the same number of bookings at once, each
 *     on a different desk-day (no contention, one stream each).
 * Prints one JSON object and writes it to bench/results/seating-<date>.json.
 */
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 140);
const RACES = Math.min(Number(process.env.BENCH_RACES ?? 14), 14);
const OUT = process.env.BENCH_OUT ?? path.resolve(__dirname, '../../../bench/results', `seating-${new Date().toISOString().slice(0, 10)}.json`);
const dist = path.resolve(__dirname, '..', '..');
const samples = path.resolve(__dirname, '../../../samples/seating');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const round = (v: number) => Math.round(v * 1000) / 1000;
/** A local date of Moscow (UTC+3 all year) `n` days from today. */
const day = (n: number) => new Date(Date.now() + 3 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const HOT_DESKS = [
  ...Array.from({ length: 8 }, (_, i) => ({ floor: 5, deskId: `msk5-d${String(i + 5).padStart(2, '0')}` })),
  ...Array.from({ length: 6 }, (_, i) => ({ floor: 7, deskId: `msk7-d${String(i + 3).padStart(2, '0')}` })),
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-seating-'));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'bench' });
  const children: ChildProcess[] = [];
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 4 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 2 });
  const actors = new BenchActors();
  try {
    await ds.initialize();
    await migrateReadModel(ds);
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      DATA_DIR: path.join(dir, 'app'),
      BOT_API_TOKEN: actors.botToken,
      ADMIN_EMPLOYEE_IDS: 'bench-admin',
      HTTP_ADAPTER: 'fastify',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
    };
    const { url: origin } = await startApi(dist, env, children);
    startProjector(dist, env, children);
    const employees = Array.from({ length: EMPLOYEES }, (_, i) => `bench-e${i}`);
    await actors.hire(store, origin, ['bench-admin', ...employees]);
    const send = async (method: string, p: string, as: string, body: unknown) => {
      const res = await fetch(`${origin}${p}`, { method, headers: { 'content-type': 'application/json', ...actors.as(as) }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const setup = async (method: string, p: string, body: unknown) => {
      const r = await send(method, p, 'bench-admin', body);
      if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await setup('POST', '/rooms/offices', { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' });
    for (const [roomId, floor] of [
      ['msk-arbat', 5],
      ['msk-tverskaya', 5],
      ['msk-kremlin', 7],
    ] as const) {
      await setup('POST', '/rooms/offices/msk/rooms', { roomId, name: roomId, floor, capacity: 6 });
    }
    for (const floor of [5, 7]) {
      await setup('PUT', SEATING_ROUTES.publishPlan('msk', floor), { name: `${floor}`, svg: fs.readFileSync(path.join(samples, `msk-${floor}.svg`), 'utf8') });
    }
    const book = (desk: (typeof HOT_DESKS)[number], date: string, as: string) => {
      const started = performance.now();
      return send('POST', SEATING_ROUTES.bookDesk('msk', desk.floor, desk.deskId), as, { date }).then((r) => ({ ...r, ms: performance.now() - started }));
    };

    // Warm-up (not counted): one race on a desk-day no measured round uses, so neither measurement pays for a cold process.
    await Promise.all(employees.map((e) => book(HOT_DESKS[0], day(14), e)));

    // Baseline: as many bookings at once, each on its own desk-day (days 1.., every hot desk), by different employees.
    log(`baseline: ${EMPLOYEES} bookings at once on ${EMPLOYEES} desk-days`);
    const baselineStart = performance.now();
    const spread = await Promise.all(employees.map((e, i) => book(HOT_DESKS[i % HOT_DESKS.length], day(1 + Math.floor(i / HOT_DESKS.length)), e)));
    const baselineMs = performance.now() - baselineStart;
    const baselineOk = spread.filter((r) => r.status === 201).length;

    // Race: every employee at once on one desk-day (today, each hot desk in turn; an earlier winner gets a 409 too).
    log(`race: ${RACES} × ${EMPLOYEES} bookings at once on one desk-day`);
    const races: { wins: number; conflicts: number; other: number; ms: number }[] = [];
    const latencies: number[] = [];
    for (let r = 0; r < RACES; r++) {
      const desk = HOT_DESKS[r % HOT_DESKS.length];
      const date = day(0);
      const started = performance.now();
      const results = await Promise.all(employees.map((e) => book(desk, date, e)));
      latencies.push(...results.map((x) => x.ms));
      races.push({
        wins: results.filter((x) => x.status === 201).length,
        conflicts: results.filter((x) => x.status === 409).length,
        other: results.filter((x) => x.status !== 201 && x.status !== 409).length,
        ms: round(performance.now() - started),
      });
    }
    const s = summarize(latencies);
    const out = {
      bench: 'seating',
      at: new Date().toISOString(),
      note: 'shared 2-core machine, others running tests: noisy',
      employees: EMPLOYEES,
      race: {
        rounds: RACES,
        exactly_one_winner_every_round: races.every((x) => x.wins === 1 && x.other === 0),
        wins: races.map((x) => x.wins),
        conflicts_409: races.reduce((n, x) => n + x.conflicts, 0),
        other_statuses: races.reduce((n, x) => n + x.other, 0),
        round_ms_p50: round(summarize(races.map((x) => x.ms)).p50),
        request_ms: { p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) },
      },
      baseline_spread: { bookings: EMPLOYEES, booked: baselineOk, all_at_once_ms: round(baselineMs), requests_per_s: round((EMPLOYEES / baselineMs) * 1000) },
      race_round_vs_baseline: round(summarize(races.map((x) => x.ms)).p50 / baselineMs),
    };
    const json = JSON.stringify(out, null, 2);
    console.log(json);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${json}\n`);
    log(`written to ${OUT}`);
  } finally {
    await Promise.all(children.map(stop));
    await store.close();
    await ds.destroy().catch(() => undefined);
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
