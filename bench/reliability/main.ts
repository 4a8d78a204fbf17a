import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@megabot/event-store';
import { startEmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { exampleOf, operationsOf, sampleRequests, type OpenApiDocument } from '@megabot/testing/openapi-fuzz';
import { Sessions } from '../../apps/api/src/core/access/sessions';
import type { ApiOptions } from '../../apps/api/src/core/api-options';
import { FUZZ_TARGET, fuzzFixture, sendFuzzRequest } from '../../tools/testing/fuzz-fixture';
import { BenchActors } from '../lib/actors';
import { startApi, startProjector, stop } from '../lib/processes';
import { dayInTheLifeProbe } from './day-in-the-life';
import { knowledgeLeaksProbe } from './knowledge-leaks';
import { malformedUpdatesProbe } from './malformed-updates';
import type { ProbeContext, ProbeFigures } from './probe';
import { redeliveryProbe } from './redelivery';
import { randomTelegramUpdates } from './telegram-updates';
import { crashAndRestart } from './crash-restart';
import { databaseFaults } from './db-faults';
import { botCrash } from './bot-crash';
import { twoOfEverythingProbe } from './two-of-everything';
import { displayTokenGuessing, forgedHeaders, injectionStrings, randomDisplayRequests, verificationBruteForce } from './probes';

/**
 * `npm run test:reliability`: hostile input and attacks against the real API process (with the projector running) on
 * the embedded PostgreSQL, from a clean clone. Prints one JSON report (and writes bench/results/reliability-<time>.json):
 *  - fuzzing: property-based requests to every operation of the OpenAPI document (seeded), with credentials each
 *    route's policy admits: inputs tried, 5xx, refusals that are not a specific problem, crashes of the processes;
 *  - random display requests (odd query parameters and headers with a real display token);
 *  - security probes: forged and broken credentials, verification-code brute force, display-token guessing, SQL/JSON
 *    injection strings in every text field of every request body;
 *  - random Telegram updates (commands, odd text, contacts, presses on real and forged buttons) to the real bot through
 *    the local Bot API emulator: webhook failures, refused Bot API calls, bot crashes;
 *  - the probes of their own files, registered below (ProbeFigures: sent, acknowledged, lost, duplicated, 5xx):
 *    malformed raw updates, webhook redelivery across two bots, two of every process, a day in the life;
 *  - the fault probes (PROBES, one file each, on a system of their own): kill -9 of the projector, the API and the
 *    bot under load, the database stopped and started (see each file).
 * Exit code 1 when any figure that must be 0 is not. RELIABILITY_FUZZ_RUNS (requests per operation, default 40),
 * RELIABILITY_TELEGRAM_UPDATES (default 300), RELIABILITY_DAY_S (default 60) and RELIABILITY_SEED tune it.
 */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.RELIABILITY_SEED ?? 19);
const TELEGRAM_UPDATES = Number(process.env.RELIABILITY_TELEGRAM_UPDATES ?? 300);
/** Only these probes (comma-separated names of the report's `probes`), e.g. RELIABILITY_PROBES=crashAndRestart; all by default. */
const ONLY = process.env.RELIABILITY_PROBES?.split(',');
/**
 * The fault probes: each starts its own system (they kill its processes and stop its database), runs after the
 * fuzzing, and reports its figures under `probes.<name>`; `failed` lists the figures that must be 0 (or true) and are not.
 */
const PROBES: Record<string, () => Promise<{ failed: string[] } & Record<string, unknown>>> = {
  crashAndRestart: () => crashAndRestart({ dist, log, seed: SEED, kills: Number(process.env.RELIABILITY_PROJECTOR_KILLS ?? 20), stormMs: 20_000 }),
  databaseFaults: () => databaseFaults({ dist, log, seed: SEED, outages: 3, outageMs: 3_000 }),
  botCrash: () => botCrash({ dist, log, seed: SEED, kills: 5, messagesPerUser: 12 }),
};
const dist = path.resolve(__dirname, '..', '..');
const log = (m: string) => process.stderr.write(`[reliability] ${m}\n`);
const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

async function main() {
  const started = performance.now();
  const probes: Record<string, { failed: string[]; seconds?: number }> = {};
  for (const [name, run] of Object.entries(PROBES)) {
    if (ONLY && !ONLY.includes(name)) continue;
    const t0 = performance.now();
    log(`probe ${name}…`);
    probes[name] = { ...(await run()), seconds: seconds(t0) };
  }
  const probesFailed = Object.entries(probes).flatMap(([name, p]) => p.failed.map((f) => `${name}: ${f}`));
  if (ONLY && !ONLY.includes('fuzzing')) {
    console.log(JSON.stringify({ suite: 'reliability', at: new Date().toISOString(), seed: SEED, probes, probesFailed, seconds: seconds(started) }, null, 2));
    process.exitCode = probesFailed.length ? 1 : 0;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-reliability-'));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'reliability' });
  const children: ChildProcess[] = [];
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 4 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 2 });
  const actors = new BenchActors();
  const sessionSecret = randomBytes(32).toString('base64url');
  try {
    await ds.initialize();
    await migrateReadModel(ds);
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      DATA_DIR: path.join(dir, 'app'),
      BOT_API_TOKEN: actors.botToken,
      SESSION_SECRET: sessionSecret,
      ADMIN_EMPLOYEE_IDS: 'fz-admin',
      BID_RATE_LIMIT_PER_MINUTE: '0',
      TELEGRAM_BOT_TOKEN: '4242:reliability_token_not_a_real_one',
      HTTP_ADAPTER: 'fastify',
      LOG_LEVEL: 'error',
      DB_POOL_SIZE: '8',
    };
    const projector = startProjector(dist, env, children);
    const { child: api, url: apiUrl } = await startApi(dist, env, children);
    const doc = (await (await fetch(`${apiUrl}/docs-json`)).json()) as OpenApiDocument;
    const sessions = new Sessions({ auth: { sessionSecret } } as ApiOptions, ds);
    const fixture = await fuzzFixture(apiUrl, doc, {
      bot: (tg) => actors.bot(tg),
      as: (id) => actors.as(id),
      telegramIdOf: (id) => actors.telegramIdOf(id),
      hire: (...ids) => actors.hire(store, apiUrl, ids),
      session: (id) => sessions.open(id, 'login'),
    });
    log(`system up in ${seconds(started)} s; fuzzing ${operationsOf(doc).length} operations x ${RUNS}`);

    // 1. display requests first (the fuzzing may retire the display): random ones with its token, then guessed tokens
    let t0 = performance.now();
    const displays = await randomDisplayRequests(apiUrl, fixture.displayToken, 300, SEED);
    const tokenGuessing = await displayTokenGuessing(apiUrl, 60);
    const displaySeconds = seconds(t0);

    // 2. fuzzing every operation of the document
    t0 = performance.now();
    const fuzz = {
      operations: 0,
      inputsTried: 0,
      serverErrors: 0,
      notProblems: 0,
      noAnswer: 0,
      byStatusClass: {} as Record<string, number>,
      faults: [] as string[],
    };
    for (const op of operationsOf(doc)) {
      fuzz.operations++;
      const credentials = fixture.credentialsFor(op.method, op.path);
      for (const request of sampleRequests(op, doc, fixture.known, new Date(), RUNS, SEED)) {
        fuzz.inputsTried++;
        const answer = await sendFuzzRequest(apiUrl, request, credentials ? await credentials() : {});
        const cls = answer.status === 0 ? 'none' : `${Math.floor(answer.status / 100)}xx`;
        fuzz.byStatusClass[cls] = (fuzz.byStatusClass[cls] ?? 0) + 1;
        if (answer.fault) {
          if (answer.status === 0) fuzz.noAnswer++;
          else if (answer.status >= 500) fuzz.serverErrors++;
          else fuzz.notProblems++;
          if (fuzz.faults.length < 20) fuzz.faults.push(`${op.method} ${op.path} [${request.mutation.slice(0, 60)}]: ${answer.fault.slice(0, 200)}`);
        }
      }
    }
    const fuzzSeconds = seconds(t0);
    log(`fuzzing: ${fuzz.inputsTried} inputs in ${fuzzSeconds} s`);

    // 3. the other security probes
    t0 = performance.now();
    const forged = await forgedHeaders(apiUrl, actors.as('fz-admin'), actors.botToken);
    const bruteForce = await verificationBruteForce(apiUrl, (tg) => actors.bot(tg), `${FUZZ_TARGET}@example.com`, 30);
    const injections = await injectionStrings(apiUrl, doc, fixture.credentialsFor, fixture.known, (schema) => exampleOf(schema as never, doc, new Date()));
    // the data is intact after the injections: the event log and the read model still answer
    const events = Number((await store.pool.query(`SELECT count(*)::int AS n FROM ${store.schema}.events`)).rows[0].n);
    const health = await fetch(`${apiUrl}/health`).then((r) => r.status);
    const probeSeconds = seconds(t0);

    // 4. random Telegram updates to the real bot through the emulator
    t0 = performance.now();
    const telegram = { ...(await randomTelegramUpdates({ dist, apiUrl, store, actors, updates: TELEGRAM_UPDATES, seed: SEED })), seconds: seconds(t0) };
    log(`telegram: ${telegram.updatesInjected} updates in ${telegram.seconds} s`);

    // 5. probes of their own files (./<probe>.ts), each registered here with one line; their figures join the totals
    const context: ProbeContext = { dist, apiUrl, store, actors, env, children };
    const systemProbes: Record<string, ProbeFigures> = {};
    for (const [name, probe] of Object.entries({
      malformedUpdates: malformedUpdatesProbe,
      redelivery: redeliveryProbe,
      twoOfEverything: twoOfEverythingProbe,
      knowledgeLeaks: knowledgeLeaksProbe,
      dayInTheLife: dayInTheLifeProbe,
    } satisfies Record<string, (c: ProbeContext) => Promise<ProbeFigures>>)) {
      t0 = performance.now();
      systemProbes[name] = { ...(await probe(context)), seconds: seconds(t0) };
      log(`${name}: ${systemProbes[name].seconds} s`);
    }
    const sum = (key: keyof ProbeFigures) => Object.values(systemProbes).reduce((n, p) => n + Number(p[key] ?? 0), 0);

    const crashes = [api, projector].filter((c) => c.exitCode !== null || c.signalCode !== null).length;
    const report = {
      suite: 'reliability',
      at: new Date().toISOString(),
      seed: SEED,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
      fuzzing: { ...fuzz, runsPerOperation: RUNS, seconds: fuzzSeconds, crashes },
      displays: { ...displays, seconds: displaySeconds },
      telegram,
      ...systemProbes,
      security: {
        forgedHeaders: forged,
        verificationBruteForce: bruteForce,
        displayTokenGuessing: tokenGuessing,
        injectionStrings: { ...injections, eventsAfter: events, healthAfter: health },
        seconds: probeSeconds,
      },
      totals: {
        inputsTried: fuzz.inputsTried + displays.requests + forged.requests + bruteForce.requests + tokenGuessing.requests + injections.requests,
        serverErrors:
          fuzz.serverErrors +
          displays.serverErrors +
          forged.serverErrors +
          bruteForce.serverErrors +
          tokenGuessing.serverErrors +
          injections.serverErrors +
          sum('serverErrors'),
        noAnswer: fuzz.noAnswer + sum('noAnswer'),
        lost: sum('lost'),
        duplicated: sum('duplicated'),
        notProblems: fuzz.notProblems + displays.notProblems + forged.notProblems + bruteForce.notProblems + tokenGuessing.notProblems + injections.notProblems,
        crashes: crashes + (telegram.crashed ? 1 : 0) + sum('crashed'),
        botWebhookErrors: telegram.webhookErrors,
        botUndelivered: telegram.undelivered,
        leaks: forged.admitted + bruteForce.accepted + tokenGuessing.accepted + sum('leaks'),
        // a probe that could not have seen what it looks for (e.g. the knowledge index never ready) proves nothing
        blindProbes: Object.values(systemProbes).filter((p) => p.probeBlind).length,
      },
      probes,
      probesFailed,
      seconds: seconds(started),
    };
    console.log(JSON.stringify(report, null, 2));
    const results = path.resolve(dist, '..', 'bench', 'results');
    if (fs.existsSync(results))
      fs.writeFileSync(path.join(results, `reliability-${report.at.slice(0, 19).replace(/:/g, '-')}.json`), JSON.stringify(report, null, 2));
    process.exitCode =
      probesFailed.length ||
      report.totals.serverErrors ||
      report.totals.notProblems ||
      report.totals.crashes ||
      report.totals.leaks ||
      report.totals.blindProbes ||
      report.totals.botWebhookErrors ||
      report.totals.botUndelivered ||
      fuzz.noAnswer
        ? 1
        : 0;
  } finally {
    await Promise.all(children.map((c) => stop(c)));
    await ds.destroy().catch(() => undefined);
    await store.close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  // the emulator's event subscription keeps a timer: leave when the report is out
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
