import { execFileSync } from 'node:child_process';
import { middayZone } from '@megabot/testing';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatPosition, roomDayStreamId, roomStreamId, type RoomDayEvent, type RoomEvent, type Actor } from '@megabot/contracts';
import {
  decideRoom,
  evolveRoomDay,
  floorToMinute,
  formatLocalIso,
  initialRoomDayState,
  initialRoomState,
  roomDayDecider,
  toLocal,
  type RoomContext,
  type RoomDayCommand,
  type ZoneOffsets,
} from '@megabot/domain';
import { buildDisplayPayload, decodePng, dumpParse, parsePayload, renderPayload } from '@megabot/displays';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';
import { FAILURES_ALLOWED } from './display-auth-limiter';

const ADMIN: Actor = { employeeId: 'admin', roles: ['employee', 'admin'] };
const BOT = 'MegaRooms_test_bot';
const MINUTE = 60_000;
const FIRMWARE = path.resolve(__dirname, '../../../../../firmware');
const RENDER = path.join(FIRMWARE, 'build/render');
const OUT_DIR = path.join(os.tmpdir(), 'megabot-display-e2e');

/** The firmware's host render tool: built here if g++ is around (about 6 s), else the comparison is skipped. */
function firmwareRenderTool(): string | null {
  if (fs.existsSync(RENDER)) return RENDER;
  try {
    execFileSync('make', ['--no-print-directory', '-C', FIRMWARE, 'build/render'], { stdio: 'ignore', timeout: 120_000 });
    return fs.existsSync(RENDER) ? RENDER : null;
  } catch {
    return null;
  }
}

describe.each(['fastify', 'express'] as const)('room door displays over HTTP (%s)', (httpAdapter) => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  // Set in beforeAll: the suite runs once per HTTP adapter, each with meetings around its own start.
  let tz: string;
  let zone: ZoneOffsets;
  let today: string;
  let nowMin: number;
  const at = (deltaMin: number) => formatLocalIso(zone, nowMin + deltaMin * MINUTE);
  const rooms = new Map<string, RoomContext>();

  async function append(streamId: string, events: { type: string; data: unknown }[], expected: bigint | 'no_stream') {
    const r = await system.store.append(
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

  async function createRoom(roomId: string, name: string, extra: Record<string, unknown> = {}) {
    const events = decideRoom(
      initialRoomState,
      {
        type: 'CreateRoom',
        roomId,
        office: { officeId: 'spb', timeZone: tz, archived: false },
        settings: { name, floor: 3, capacity: 8, workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }, ...extra },
        actor: ADMIN,
      },
      new Date(),
    ) as RoomEvent[];
    rooms.set(roomId, { settings: (events[0] as Extract<RoomEvent, { type: 'RoomCreated' }>).data.settings, retired: false, zone });
    return append(roomStreamId(roomId), events, 'no_stream');
  }

  /** Decides room-day commands with the domain's decider against the stream as stored, and appends the result. */
  async function onRoomDay(roomId: string, command: (room: RoomContext) => RoomDayCommand, decidedAt = new Date()) {
    const stream = roomDayStreamId(roomId, today);
    const recorded = await system.store.readStream(stream);
    const state = recorded.map((e) => ({ type: e.type, data: e.data }) as RoomDayEvent).reduce(evolveRoomDay, initialRoomDayState);
    const events = roomDayDecider.decide(state, command(rooms.get(roomId)!), decidedAt);
    return append(stream, events, recorded.length ? recorded[recorded.length - 1].revision : 'no_stream');
  }

  const book = (roomId: string, bookingId: string, from: number, to: number, title: string, extra: Record<string, unknown> = {}) =>
    onRoomDay(
      roomId,
      (room) => ({ type: 'BookRoom', room, date: today, actor: ADMIN, bookingId, title, organizerId: 'anna', start: at(from), end: at(to), ...extra }),
      // decided before the start, so a meeting in progress can be set up too
      new Date(nowMin + Math.min(from - 5, 0) * MINUTE),
    );

  async function dayState(roomId: string) {
    const recorded = await system.store.readStream(roomDayStreamId(roomId, today));
    return recorded.map((e) => ({ type: e.type, data: e.data }) as RoomDayEvent).reduce(evolveRoomDay, initialRoomDayState);
  }

  const waitFor = (position: string) => http.get(`/displays?waitFor=${position}`).set(system.as('admin')).expect(200);
  const poll = (token: string | null, etag?: string, query = 'proto=1&fw=1.0.0&bat_mv=3712&rssi=-67&fails=0') => {
    const r = http.get(`/displays/schedule?${query}`).set('user-agent', 'room-display/1.0.0');
    if (token !== null) r.set('authorization', `Bearer ${token}`);
    if (etag) r.set('if-none-match', `"${etag}"`);
    return r;
  };
  const register = (body: Record<string, unknown>, actor = 'admin', key?: string) => {
    const r = http.post('/displays').set(system.as(actor));
    if (key) r.set('idempotency-key', key);
    return r.send(body);
  };

  let nevaToken: string;
  let nevaEtag: string;

  beforeAll(async () => {
    tz = middayZone(); // the test's meetings fit into today whenever it runs
    const t0 = Date.now();
    zone = zoneOffsetsFromIntl(tz, t0 - 86_400_000, t0 + 9 * 86_400_000);
    today = toLocal(zone, t0).date;
    nowMin = floorToMinute(t0);
    system = await startTestSystem({ httpAdapter, adminEmployeeIds: ['admin'], botUsername: BOT, readWaitTimeoutMs: 5000 });
    http = request(system.apiUrl);
    await system.employees('admin', 'anna');
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await createRoom('neva', 'Переговорная «Нева»');
    await createRoom('busy', 'Большая переговорная на третьем этаже у окна с видом на Неву', { privacy: false });
    await createRoom('secret', 'Кабинет', { privacy: true });
    // Neva: a meeting in progress since 2 minutes (check-in due), one later.
    await book('neva', 'a', -2, 28, 'Планёрка отдела продаж');
    await book('neva', 'b', 40, 70, 'Синк по релизу 2.4');
    // A busy day: ten meetings with long titles (only 8 fit on the sign).
    for (let i = 0; i < 10; i++)
      await book('busy', `m${i}`, 10 + i * 20, 25 + i * 20, `Очень длинное название встречи номер ${i} про квартальное планирование бюджета`);
    await book('secret', 's', 30, 60, 'Переговоры о слиянии');
  });
  afterAll(async () => {
    await system?.close();
  });

  it('registers a display for admins only and shows its token once', async () => {
    expect((await register({ displayId: 'neva-door', roomId: 'neva' }, 'anna').expect(403)).body).toMatchObject({ code: 'auth.admin_required' });
    expect((await register({ displayId: 'x', roomId: 'nowhere' }).expect(404)).body).toMatchObject({ code: 'rooms.room_not_found' });
    expect((await register({ displayId: 'bad id', roomId: 'neva' }).expect(400)).headers['content-type']).toMatch(/problem\+json/);
    const first = await register({ displayId: 'neva-door', roomId: 'neva', label: 'left of the door' }, 'admin', 'reg-neva').expect(201);
    expect(first.body).toMatchObject({
      displayId: 'neva-door',
      roomId: 'neva',
      streamId: 'display-neva-door',
      duplicate: false,
      schedulePath: '/displays/schedule',
    });
    expect(first.body.token).toMatch(/^rd_[A-Za-z0-9_-]{43}$/);
    expect(first.body.tokenHint).toBe(first.body.token.slice(-4));
    nevaToken = first.body.token;
    // A retried request (same key) writes nothing and shows no token; the token is not in the log either.
    const retry = await register({ displayId: 'neva-door', roomId: 'neva', label: 'left of the door' }, 'admin', 'reg-neva').expect(201);
    expect(retry.body).toMatchObject({ duplicate: true, token: null });
    expect((await register({ displayId: 'neva-door', roomId: 'neva' }).expect(409)).body).toMatchObject({ code: 'displays.display_exists' });
    const [logged] = await system.ds.query(`SELECT data FROM es.events WHERE stream_id = 'display-neva-door'`);
    expect(JSON.stringify(logged.data)).not.toContain(nevaToken);
    expect(logged.data.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    await waitFor(first.body.position);
  });

  it('serves the schedule exactly as the protocol says: the payload libs/displays builds for the projected room-day', async () => {
    const res = await poll(nevaToken).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/);
    const body: string = res.text;
    const parsed = parsePayload(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const s = parsed.schedule;
    expect(s.room).toBe('Переговорная «Нева»');
    expect(s.status).toEqual({ kind: 'busy', until: toLocal(zone, Date.parse(at(28))).minute });
    expect(s.checkinDue).toBe(true);
    expect(s.qr).toBe(`https://t.me/${BOT}?start=checkin_neva`);
    expect(s.meetings.map((m) => m.title)).toEqual(['Планёрка отдела продаж', 'Синк по релизу 2.4']);
    const etag = /^etag=(.+)$/m.exec(body)![1];
    expect(res.headers.etag).toBe(`"${etag}"`);
    expect(res.headers['x-refresh-sec']).toBe(/^refresh=(\d+)$/m.exec(body)![1]);
    nevaEtag = etag;
    // Byte for byte what the builder makes of the room-day at the same moment (the server's `now=`).
    const now = new Date(/^now=(.+)$/m.exec(body)![1]);
    const expected = buildDisplayPayload({ room: rooms.get('neva')!.settings, zone, day: await dayState('neva'), now, lang: 'ru', botUsername: BOT });
    expect(body).toBe(expected.body);
  });

  it('answers If-None-Match with 304 and the refresh hint while nothing on the sign changes', async () => {
    const res = await poll(nevaToken, nevaEtag).expect(304);
    expect(res.text ?? '').toBe('');
    expect(Number(res.headers['x-refresh-sec'])).toBeGreaterThanOrEqual(60);
    expect(res.headers.etag).toBe(`"${nevaEtag}"`);
    // An attendee change is not on the sign: the projection's version stays, and so does the answer.
    const before = (await waitFor(formatPosition({ commit: 0n, prepare: 0n }))).body.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    const pos = await onRoomDay('neva', (room) => ({ type: 'ChangeBooking', room, date: today, actor: ADMIN, bookingId: 'b', attendees: ['boris'] }));
    const after = (await waitFor(pos)).body.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    expect(after.scheduleVersion).toBe(before.scheduleVersion);
    await poll(nevaToken, nevaEtag).expect(304);
  });

  it('changes the ETag once a booking changes the sign (within the projection lag)', async () => {
    const before = (await waitFor('0-0')).body.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    const pos = await book('neva', 'c', 90, 120, 'Ретро');
    const after = (await waitFor(pos)).body.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    expect(after.scheduleVersion).not.toBe(before.scheduleVersion);
    const res = await poll(nevaToken, nevaEtag).expect(200);
    const etag = /^etag=(.+)$/m.exec(res.text)![1];
    expect(etag).not.toBe(nevaEtag);
    expect(res.text).toContain('Ретро');
    nevaEtag = etag;
    await poll(nevaToken, nevaEtag).expect(304);
  });

  it('keeps a busy day within 1 KiB and 8 meetings, hides private titles', async () => {
    const busy = await register({ displayId: 'busy-door', roomId: 'busy', lang: 'en' }).expect(201);
    const secret = await register({ displayId: 'secret-door', roomId: 'secret' }).expect(201);
    await waitFor(secret.body.position);
    const res = await poll(busy.body.token).expect(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(1024);
    const parsed = parsePayload(res.text);
    expect(parsed.ok && parsed.schedule.meetings.length).toBe(8);
    expect(parsed.ok && parsed.schedule.lang).toBe('en');
    expect(res.text).toContain('…'); // titles cut to 64 bytes
    const hidden = await poll(secret.body.token).expect(200);
    expect(hidden.text).toMatch(/^m=\d\d:\d\d\|\d\d:\d\d\|h\|Занято$/m);
    expect(hidden.text).not.toContain('слиянии');
  });

  it('shows the telemetry to admins, with the stale and low-battery flags', async () => {
    await poll(nevaToken, nevaEtag).expect(304);
    let list = (await waitFor('0-0')).body;
    let neva = list.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    expect(neva).toMatchObject({
      roomId: 'neva',
      roomName: 'Переговорная «Нева»',
      label: 'left of the door',
      status: 'active',
      stale: false,
      lowBattery: false,
      telemetry: { firmware: '1.0.0', batteryMv: 3712, rssi: -67, fails: 0, lastStatus: 304, lastEtag: nevaEtag },
    });
    expect(neva.telemetry.requests).toBeGreaterThanOrEqual(4);
    expect(Date.parse(neva.telemetry.expectedBy)).toBeGreaterThan(Date.parse(neva.telemetry.lastSeenAt) + neva.telemetry.nextRefreshSec * 1000);
    expect(list.lowBatteryMv).toBe(3450);
    // A weak battery (and no fw= in the query: the User-Agent tells the version).
    await poll(nevaToken, nevaEtag, 'bat_mv=3390&rssi=-80&fails=2').expect(304);
    neva = (await waitFor('0-0')).body.items.find((d: { displayId: string }) => d.displayId === 'neva-door');
    expect(neva).toMatchObject({ lowBattery: true, stale: false, telemetry: { batteryMv: 3390, rssi: -80, fails: 2, firmware: '1.0.0' } });
    await poll(nevaToken, nevaEtag).expect(304); // back to 3712 mV
    // Not seen for two hours although told to come back in five minutes: stale.
    await system.ds.query(
      `UPDATE displays_telemetry.last_seen SET last_seen_at = now() - interval '2 hours', next_refresh_sec = 300 WHERE display_id = 'busy-door'`,
    );
    list = (await waitFor('0-0')).body;
    expect(list.items.find((d: { displayId: string }) => d.displayId === 'busy-door')).toMatchObject({ stale: true, lowBattery: false });
    expect(list.items.find((d: { displayId: string }) => d.displayId === 'neva-door')).toMatchObject({ stale: false, lowBattery: false });
    expect((await http.get('/displays').set(system.as('anna')).expect(403)).body.code).toBe('auth.admin_required');
  });

  it('previews exactly what the panel shows: the libs/displays renderer and the firmware core for the served payload', async () => {
    const png = await http
      .get('/displays/neva-door/preview.png')
      .set(system.as('admin'))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    const bytes: Buffer = png.body;
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const served = await poll(nevaToken).expect(200);
    expect(png.headers['x-display-etag']).toBe(served.headers.etag);
    const local = renderPayload(served.text, { lang: 'ru' });
    expect(Buffer.from(local.png())).toEqual(bytes);
    expect(decodePng(bytes)).toMatchObject({ width: 400, height: 300 });
    fs.writeFileSync(path.join(OUT_DIR, `neva-${httpAdapter}.preview.png`), bytes);
    const compact = await http
      .get('/displays/neva-door/preview.png?size=296x128&scale=2')
      .set(system.as('admin'))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(decodePng(compact.body)).toMatchObject({ width: 592, height: 256 });
    await http.get('/displays/neva-door/preview.png').set(system.as('anna')).expect(403);
    await http.get('/displays/nobody/preview.png').set(system.as('admin')).expect(404);

    // The firmware's own C++ core parses the served payload to the same dump and draws the same pixels.
    const render = firmwareRenderTool();
    if (!render) {
      console.warn('[displays e2e] firmware/build/render not available (no g++?): the firmware comparison is skipped');
      return;
    }
    const payloadFile = path.join(OUT_DIR, `neva-${httpAdapter}.payload.txt`);
    const fwPng = path.join(OUT_DIR, `neva-${httpAdapter}.firmware.png`);
    fs.writeFileSync(payloadFile, served.text);
    expect(execFileSync(render, ['--dump', payloadFile], { encoding: 'utf8' })).toBe(dumpParse(parsePayload(served.text)));
    execFileSync(render, [payloadFile, fwPng], { stdio: 'ignore' });
    const fw = decodePng(fs.readFileSync(fwPng));
    const mine = decodePng(bytes);
    expect([fw.width, fw.height]).toEqual([mine.width, mine.height]);
    expect(Buffer.from(fw.rgb).equals(Buffer.from(mine.rgb))).toBe(true);
  });

  it('rotating the token invalidates the old one at once', async () => {
    const rotated = await http.post('/displays/neva-door/rotate-token').set(system.as('admin')).expect(201);
    expect(rotated.body).toMatchObject({ displayId: 'neva-door', roomId: 'neva', duplicate: false });
    expect(rotated.body.token).not.toBe(nevaToken);
    await waitFor(rotated.body.position);
    expect((await poll(nevaToken).expect(401)).body).toMatchObject({ code: 'displays.unknown_token', status: 401 });
    await poll(rotated.body.token, nevaEtag).expect(304);
    nevaToken = rotated.body.token;
    const list = (await waitFor(rotated.body.position)).body;
    expect(list.items.find((d: { displayId: string }) => d.displayId === 'neva-door')).toMatchObject({ tokenHint: nevaToken.slice(-4) });
  });

  it('retiring a display ends its token', async () => {
    const d = await register({ displayId: 'old-door', roomId: 'neva' }).expect(201);
    await waitFor(d.body.position);
    await poll(d.body.token).expect(200);
    const retired = await http.post('/displays/old-door/retire').set(system.as('admin')).send({ reason: 'broken glass' }).expect(201);
    await waitFor(retired.body.position);
    await poll(d.body.token).expect(401);
    const list = (await http.get('/displays?includeRetired=true').set(system.as('admin')).expect(200)).body;
    expect(list.items.find((x: { displayId: string }) => x.displayId === 'old-door')).toMatchObject({ status: 'retired', stale: false });
    await http.post('/displays/old-door/rotate-token').set(system.as('admin')).expect(409);
  });

  it('answers a missing or unknown token with 401, and after too many failures from an address with 429 + Retry-After (known displays still served)', async () => {
    const missing = await poll(null).expect(401);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'displays.token_missing' });
    await http.get('/displays/schedule').set('authorization', 'Basic abc').expect(401);
    // Earlier tests failed a few times from this address too: at most FAILURES_ALLOWED in all, then 429.
    let unauthorized = 2;
    let limited: request.Response | undefined;
    for (let i = 0; i < FAILURES_ALLOWED && !limited; i++) {
      const r = await poll(`rd_${'x'.repeat(43)}`);
      if (r.status === 401) unauthorized++;
      else limited = r;
    }
    expect(unauthorized).toBeLessThanOrEqual(FAILURES_ALLOWED);
    expect(limited?.status).toBe(429);
    if (!limited) return;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
    expect(limited.body).toMatchObject({ code: 'displays.too_many_failures', status: 429 });
    await poll(nevaToken, nevaEtag).expect(304);
  });
});

/** supertest: collect a binary body into a Buffer. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
