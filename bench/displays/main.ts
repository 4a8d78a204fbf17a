import { fork, type ChildProcess } from 'node:child_process';
import { middayZone } from '@megabot/testing';
import { ready, spawn, startApi, startProjector, stop } from '../lib/processes';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatPosition, roomDayStreamId, roomStreamId, type RoomDayEvent, type RoomEvent, type RoomSettings, type Actor } from '@megabot/contracts';
import {
  decideRoom,
  evolveRoomDay,
  floorToMinute,
  formatLocalIso,
  initialRoomDayState,
  initialRoomState,
  roomDayDecider,
  toLocal,
  type RoomDayState,
} from '@megabot/domain';
import { PostgresEventStore } from '@megabot/event-store';
import { freePort, startEmbeddedPostgres, zoneOffsetsFromIntl } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { BenchActors } from '../lib/actors';
import type { PollResult, PollSpec } from './load-generator';

/**
 * `npm run bench:displays`: DISPLAYS door displays (ROOMS rooms) poll the
 * real API (with the projector running) on the embedded database, sending
 * If-None-Match as the firmware does - mostly 304 - while bookings change
 * some schedules during the run (those displays get a 200 with a new ETag).
 * Baselines in the same run: the same endpoint without If-None-Match (a
 * full payload every time) and an empty endpoint on the same HTTP stack.
 * Prints one JSON object and writes it to bench/results/displays-<date>.json.
 */
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 8) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 2) * 1000;
const DISPLAYS = Number(process.env.BENCH_DISPLAYS ?? 500);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 100);
const OPEN_RATE = Number(process.env.BENCH_OPEN_RATE ?? 1000);
/** Bookings per second appended while the displays poll. */
const BOOKINGS_PER_S = Number(process.env.BENCH_BOOKINGS_PER_S ?? 5);
const OUT = process.env.BENCH_OUT ?? path.resolve(__dirname, '../../../bench/results', `displays-${new Date().toISOString().slice(0, 10)}.json`);
const BOT = 'megabot_dev_bot';
const ADMIN: Actor = { employeeId: 'admin', roles: ['employee', 'admin'] };
const dist = path.resolve(__dirname, '..', '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-displays-'));
  fs.chmodSync(dir, 0o755); // reachable by the postgres user when running as root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'bench' });
  const children: ChildProcess[] = [];
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 2 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 2 });
  // The admin who registers the displays acts like everyone: a hired employee, through the bot's credential.
  const actors = new BenchActors();
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
      ADMIN_EMPLOYEE_IDS: 'admin',
      TELEGRAM_BOT_USERNAME: BOT,
    };
    const emptyPort = await freePort();
    startProjector(dist, env, children);
    const empty = spawn(path.join(__dirname, 'empty-server.js'), [String(emptyPort)], env, children);
    // BENCH_API_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API.
    const [{ url: origin }] = await Promise.all([
      startApi(dist, env, children, (process.env.BENCH_API_EXEC_ARGV ?? '').split(' ').filter(Boolean)),
      ready(empty),
    ]);
    await actors.hire(store, origin, ['admin']); // ADMIN_EMPLOYEE_IDS makes them the admin
    const admin = actors.as('admin');

    // Rooms (events appended with the rooms decider), a busy day in each, DISPLAYS displays registered through the API.
    const tz = middayZone(); // the meetings of the run fit into today at any hour
    const t0 = Date.now();
    const zone = zoneOffsetsFromIntl(tz, t0 - 86_400_000, t0 + 9 * 86_400_000);
    const today = toLocal(zone, t0).date;
    const nowMin = floorToMinute(t0);
    const at = (min: number) => formatLocalIso(zone, nowMin + min * 60_000);
    const rooms: { roomId: string; settings: RoomSettings; day: RoomDayState; revision: bigint; nextSlot: number }[] = [];
    let position = '0-0';
    for (let i = 0; i < ROOMS; i++) {
      const roomId = `room${i}`;
      const created = decideRoom(
        initialRoomState,
        {
          type: 'CreateRoom',
          roomId,
          office: { officeId: 'hq', timeZone: tz, archived: false },
          settings: { name: `Переговорная ${i}`, floor: 1 + (i % 5), capacity: 8, workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' } },
          actor: ADMIN,
        },
        new Date(),
      ) as RoomEvent[];
      await append(store, roomStreamId(roomId), created, 'no_stream');
      rooms.push({
        roomId,
        settings: (created[0] as Extract<RoomEvent, { type: 'RoomCreated' }>).data.settings,
        day: initialRoomDayState,
        revision: -1n,
        nextSlot: 0,
      });
    }
    const book = async (r: (typeof rooms)[number], title: string) => {
      const from = 5 + r.nextSlot * 20;
      r.nextSlot++;
      if (from + 15 > 11 * 60) return null; // the day is full (the zone puts now at noon)
      const events = roomDayDecider.decide(
        r.day,
        {
          type: 'BookRoom',
          room: { settings: r.settings, retired: false, zone },
          date: today,
          actor: ADMIN,
          bookingId: `b${r.nextSlot}`,
          title,
          organizerId: 'anna',
          start: at(from),
          end: at(from + 15),
        },
        new Date(),
      );
      position = await append(store, roomDayStreamId(r.roomId, today), events, r.revision < 0n ? 'no_stream' : r.revision);
      r.day = events.reduce(evolveRoomDay, r.day);
      r.revision += BigInt(events.length);
      return position;
    };
    for (const r of rooms) for (let k = 0; k < 6; k++) await book(r, `Встреча ${k} по планированию квартала`);

    log(`registering ${DISPLAYS} displays…`);
    const tokens: string[] = [];
    for (let i = 0; i < DISPLAYS; i++) {
      const res = await fetch(`${origin}/displays`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin, 'idempotency-key': `bench-display-${i}` },
        body: JSON.stringify({ displayId: `disp${i}`, roomId: rooms[i % ROOMS].roomId }),
      });
      const body = (await res.json()) as { token: string; position: string };
      if (res.status !== 201 || !body.token) throw new Error(`registering display ${i}: ${res.status} ${JSON.stringify(body)}`);
      tokens.push(body.token);
      position = body.position;
    }
    await getJson(`${origin}/displays?waitFor=${position}`, admin);

    const spec = (o: Partial<PollSpec>): PollSpec => ({
      origin,
      path: '/displays/schedule',
      tokens,
      mode: 'closed',
      concurrency: Math.min(DISPLAYS, 500),
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      etags: true,
      ...o,
    });
    /** Runs a load while bookings change schedules (when `withBookings`). */
    const scenario = async (name: string, s: PollSpec, withBookings: boolean) => {
      log(`${name}…`);
      let booked = 0;
      let i = 0;
      const timer = withBookings
        ? setInterval(() => {
            const r = rooms[i++ % rooms.length];
            void book(r, `Новая встреча ${i}`).then((p) => p && booked++);
          }, 1000 / BOOKINGS_PER_S)
        : undefined;
      const r = await poll(s);
      clearInterval(timer);
      log(
        `${name}: ${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.status200} × 200 / ${r.status304} × 304, errors ${r.errors + r.networkErrors}`,
      );
      return { ...r, bookingsDuringRun: booked };
    };

    const closed = await scenario(`${DISPLAYS} displays, If-None-Match, closed loop, ${BOOKINGS_PER_S} bookings/s`, spec({}), true);
    const open = await scenario(`${DISPLAYS} displays, If-None-Match, open loop ${OPEN_RATE}/s`, spec({ mode: 'open', rate: OPEN_RATE }), true);
    const noEtag = await scenario('baseline: same endpoint without If-None-Match (always 200)', spec({ etags: false }), false);
    const emptyEndpoint = await scenario(
      'baseline: empty endpoint on the same stack (always 304)',
      spec({ origin: `http://127.0.0.1:${emptyPort}`, path: '/empty/schedule' }),
      false,
    );
    const metrics = (await getJson(`${origin}/displays?waitFor=${position}`, admin)) as { items: { telemetry: { requests: number } | null }[] };
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const out = {
      benchmark: 'displays',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      settings: {
        durationS: DURATION_MS / 1000,
        warmupS: WARMUP_MS / 1000,
        displays: DISPLAYS,
        rooms: ROOMS,
        bookingsPerS: BOOKINGS_PER_S,
        openLoopRate: OPEN_RATE,
        apiHttpAdapter: 'fastify',
        database: 'embedded PostgreSQL 18',
      },
      scenarios: { polling_closed_loop: closed, polling_open_loop: open },
      baselines: { same_endpoint_without_etag: noEtag, empty_endpoint_same_stack: emptyEndpoint },
      ratios: {
        polling_vs_without_etag: ratio(closed.rps, noEtag.rps),
        polling_vs_empty_endpoint: ratio(closed.rps, emptyEndpoint.rps),
        share_304: ratio(closed.status304, closed.requests),
      },
      telemetry: {
        displaysWithTelemetry: metrics.items.filter((d) => d.telemetry).length,
        requestsRecorded: metrics.items.reduce((s, d) => s + (d.telemetry?.requests ?? 0), 0),
      },
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

async function append(store: PostgresEventStore, streamId: string, events: (RoomEvent | RoomDayEvent)[], expected: bigint | 'no_stream') {
  const r = await store.append(
    streamId,
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, actorId: 'admin' },
    })),
    expected,
  );
  return formatPosition(r.position);
}

function poll(spec: PollSpec): Promise<PollResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-generator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (r) => resolve(r as PollResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(spec);
  });
}

async function getJson(url: string, headers: Record<string, string>) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

main().catch((e) => {
  console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exit(1);
});
