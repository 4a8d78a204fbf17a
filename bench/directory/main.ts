import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { employeeStreamId, formatPosition, type EmployeeHired } from '@megabot/contracts';
import { DirectorySearchIndex } from '@megabot/domain';
import { PostgresEventStore } from '@megabot/event-store';
import { startEmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { Client } from 'pg';
import { createBot } from '../../apps/bot/src/bot';
import { IdentityApi } from '../../apps/bot/src/identity/identity.api';
import { identityLookup } from '../../apps/bot/src/identity/identity.gate';
import { ApiClient } from '../../apps/bot/src/shared/api-client';
import { startEmulator } from '../../apps/telegram-emulator/src';
import { generateEmployees, generateQueries, type GeneratedQuery } from '../../libs/domain/src/directory/directory.fixtures';
import { BenchActors } from '../lib/actors';
import { startApi, startProjector, stop } from '../lib/processes';
import { summarize } from '../lib/stats';

/**
 * `npm run bench:directory`: EMPLOYEES generated employees (Russian and
 * English names, a manager tree) hired through identity's events, projected
 * into the directory by the real projector; then, one request at a time:
 *   - the API's search (`GET /directory/search`, as the bot calls it) for
 *     QUERIES generated queries (other script, typos, short first names,
 *     prefixes, surname with department) - latency and how often the person
 *     meant is in the top 3;
 *   - the API's card of each found person;
 *   - the bot's answer to `/who <query>` through the local Bot API emulator
 *     (from the user's message to the bot's reply);
 * and in the same run the baselines: the search index alone in this process
 * (no HTTP), an endpoint of the same API that only reads memory (`GET /metrics`), and the same
 * queries as a pg_trgm similarity search over the directory table (the
 * database alternative to the in-memory index), with its top-3 rate.
 * Prints one JSON object and writes it to bench/results/directory-<date>.json.
 */
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1_000);
const BOT_LOOKUPS = Number(process.env.BENCH_BOT_LOOKUPS ?? 100);
/** A folder for a V8 CPU profile of the API process (`--cpu-prof`), written when it stops: where a request's time goes. */
const API_CPU_PROF = process.env.BENCH_API_CPU_PROF;
const OUT = process.env.BENCH_OUT ?? path.resolve(__dirname, '../../../bench/results', `directory-${new Date().toISOString().slice(0, 10)}.json`);
const dist = path.resolve(__dirname, '..', '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const round = (v: number) => Math.round(v * 1000) / 1000;
const stats = (samples: number[]) => {
  const s = summarize(samples);
  return { count: samples.length, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-directory-'));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'bench' });
  const children: ChildProcess[] = [];
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 4 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 2 });
  const actors = new BenchActors();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    await ds.initialize();
    await migrateReadModel(ds);
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      DATA_DIR: path.join(dir, 'app'),
      BOT_API_TOKEN: actors.botToken,
      HTTP_ADAPTER: 'fastify',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
      IDENTITY_EMAIL_DOMAINS: 'example.com',
    };
    const profile = API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(API_CPU_PROF)}`] : [];
    startProjector(dist, env, children);
    const { url: origin } = await startApi(dist, env, children, profile);

    log(`hiring ${EMPLOYEES} employees…`);
    const employees = generateEmployees(EMPLOYEES, 5);
    const at = new Date().toISOString();
    let last = '0-0';
    for (let i = 0; i < employees.length; i += 32) {
      const batch = employees.slice(i, i + 32);
      const positions = await Promise.all(
        batch.map((e, k) => {
          const n = i + k;
          const hired: EmployeeHired = {
            type: 'EmployeeHired',
            data: {
              employeeId: e.employeeId,
              fullName: e.fullName,
              email: `${e.employeeId}@example.com`,
              department: e.department,
              position: e.position,
              office: e.office,
              managerId: n === 0 ? null : employees[Math.floor((n - 1) / 8)].employeeId,
              roles: ['employee'],
              clearance: 'internal',
              projects: [...e.projects],
              hiredAt: at,
              hiredBy: 'bench',
            },
          };
          return store
            .append(employeeStreamId(e.employeeId), [{ id: randomUUID(), ...hired, metadata: { occurredAt: at, schemaVersion: 1 } }], 'no_stream')
            .then((r) => r.position);
        }),
      );
      last = formatPosition(positions[positions.length - 1]);
    }
    // The viewer of the API scenarios, and the bot's users: one lookup each (Telegram paces replies per chat, ~1 a second).
    const botUsers = Array.from({ length: BOT_LOOKUPS + 5 }, (_, i) => `bench-bot-${i}`);
    await actors.hire(store, origin, ['bench-viewer', ...botUsers]);
    const viewer = actors.as('bench-viewer');
    const get = async (p: string) => {
      const res = await fetch(`${origin}${p}`, { headers: viewer });
      if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    await get(`/directory/search?q=x&waitFor=${last}`);
    // The last hire is projected; wait until the API's copy holds every employee (it follows the projector's commits).
    for (let i = 0; ; i++) {
      const probe = (await get(`/directory/search?q=&office=${encodeURIComponent(employees[employees.length - 1].office)}&limit=50`)) as { items: unknown[] };
      if (probe.items.length && (await get(`/directory/employees/${employees[employees.length - 1].employeeId}`))) break;
      if (i > 600) throw new Error('the directory did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }

    const queries = generateQueries(employees, QUERIES, 11);
    const top3 = (ids: string[], q: GeneratedQuery) => ids.slice(0, 3).includes(q.employeeId);

    // Baseline: the index alone, in this process.
    const index = new DirectorySearchIndex();
    employees.forEach((e) => index.upsert(e));
    const inProcess: number[] = [];
    let inProcessHits = 0;
    for (const q of queries) {
      const t = performance.now();
      const hits = index.search(q.query, { limit: 10 });
      inProcess.push(performance.now() - t);
      if (
        top3(
          hits.map((h) => h.employeeId),
          q,
        )
      )
        inProcessHits++;
    }

    const sql = new Client({ connectionString: pg.url });
    await sql.connect();
    stops.push(() => sql.end());
    /** Transactions of every process on the database so far: a phase's difference over its requests is its database hits per request (the projector's polling included). */
    const transactions = async () =>
      Number((await sql.query(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n);
    // pg_stat_database is updated when a backend reports (at the latest every second): settle before reading it.
    const settled = async () => {
      await new Promise((r) => setTimeout(r, 1100));
      return transactions();
    };

    log('API search…');
    for (const q of queries.slice(0, 50)) await get(`/directory/search?q=${encodeURIComponent(q.query)}`); // warm up
    const searchMs: number[] = [];
    const cardMs: number[] = [];
    let apiHits = 0;
    const searchPhaseStart = await settled();
    const searchPhaseT = performance.now();
    for (const q of queries) {
      let t = performance.now();
      const found = (await get(`/directory/search?q=${encodeURIComponent(q.query)}&limit=10`)) as { items: { employeeId: string }[] };
      searchMs.push(performance.now() - t);
      if (
        top3(
          found.items.map((i) => i.employeeId),
          q,
        )
      )
        apiHits++;
      t = performance.now();
      await get(`/directory/employees/${q.employeeId}`);
      cardMs.push(performance.now() - t);
    }
    const searchPhaseTransactions = (await settled()) - searchPhaseStart;
    const searchPhaseSeconds = (performance.now() - searchPhaseT) / 1000;
    const healthMs: number[] = [];
    const memoryPhaseStart = await settled();
    const memoryPhaseT = performance.now();
    for (let i = 0; i < queries.length; i++) {
      const t = performance.now();
      const res = await fetch(`${origin}/metrics`, { headers: viewer });
      await res.arrayBuffer();
      healthMs.push(performance.now() - t);
    }

    const memoryPhaseTransactions = (await settled()) - memoryPhaseStart;
    const memoryPhaseSeconds = (performance.now() - memoryPhaseT) / 1000;
    log('pg_trgm baseline…');
    await sql.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await sql.query('CREATE INDEX IF NOT EXISTS bench_directory_trgm ON directory.employees USING gin (full_name gin_trgm_ops)');
    await sql.query('ANALYZE directory.employees');
    const trgmMs: number[] = [];
    let trgmHits = 0;
    for (const q of queries) {
      const t = performance.now();
      const r = await sql.query(
        `SELECT employee_id FROM directory.employees WHERE status = 'active' AND full_name % $1 ORDER BY similarity(full_name, $1) DESC LIMIT 10`,
        [q.query],
      );
      trgmMs.push(performance.now() - t);
      if (
        top3(
          r.rows.map((x: { employee_id: string }) => x.employee_id),
          q,
        )
      )
        trgmHits++;
    }

    log('bot lookups through the emulator…');
    const users = botUsers.map((id) => ({ id: actors.telegramIdOf(id), first_name: id, language_code: 'en' }));
    const emu = await startEmulator({ port: 0, users });
    stops.push(() => emu.stop());
    const http = new ApiClient(origin, { credential: actors.botToken });
    const bot = createBot({
      token: emu.token,
      apiRoot: emu.apiRoot,
      apiUrl: origin,
      http,
      lookupActor: identityLookup(new IdentityApi(http)),
      switchesTtlMs: 0,
    });
    void bot.launch();
    stops.push(async () => bot.stop('bench'));
    await new Promise((r) => setTimeout(r, 300));
    const botMs: number[] = [];
    for (const [i, q] of queries.slice(0, BOT_LOOKUPS + 5).entries()) {
      const t = performance.now();
      emu.control.sendMessage({ userId: users[i].id, text: `/who ${q.query}` });
      await emu.control.waitForBotMessage(users[i].id, { timeoutMs: 10_000 });
      if (i >= 5) botMs.push(performance.now() - t); // the first few warm the bot up
    }

    const out = {
      benchmark: 'directory',
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        loadavg: os.loadavg(),
      },
      settings: {
        employees: employees.length,
        queries: queries.length,
        botLookups: botMs.length,
        apiHttpAdapter: 'fastify',
        database: 'embedded PostgreSQL 18',
      },
      target: 'search p99 < 10 ms in the API',
      scenarios: {
        api_search_ms: stats(searchMs),
        api_search_top3_rate: round(apiHits / queries.length),
        api_card_ms: stats(cardMs),
        // a search and a card per query; the memory endpoint's figure is the background (projector polling) per request
        api_db_transactions_per_request: round(searchPhaseTransactions / (2 * queries.length)),
        api_db_transactions_per_second: round(searchPhaseTransactions / searchPhaseSeconds),
        bot_who_answer_ms: stats(botMs),
      },
      baselines: {
        index_in_process_ms: stats(inProcess),
        index_in_process_top3_rate: round(inProcessHits / queries.length),
        api_memory_endpoint_ms: stats(healthMs),
        api_memory_endpoint_db_transactions_per_request: round(memoryPhaseTransactions / queries.length),
        api_memory_endpoint_db_transactions_per_second: round(memoryPhaseTransactions / memoryPhaseSeconds),
        pg_trgm_similarity_ms: stats(trgmMs),
        pg_trgm_top3_rate: round(trgmHits / queries.length),
      },
    };
    const json = JSON.stringify(out, null, 2);
    console.log(json);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${json}\n`);
    log(`written to ${OUT}`);
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
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
