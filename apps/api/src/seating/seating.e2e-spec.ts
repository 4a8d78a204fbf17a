import { createHmac } from 'node:crypto';
import { middayZone } from '@megabot/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskDayStreamId, SEATING_ROUTES as R, type FloorPlanView, type FloorRoomsView } from '@megabot/contracts';
import { deskDayWriteSide } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { deskContext } from './seating.streams';
import { WriteSides } from '../core/write-side';

const BOT_TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const OTHER_BOT = '7099999999:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1';
const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };
/** The rooms are booked "from now": in a zone where it is midday, whatever the hour the test runs at. */
const ROOM_ZONE = middayZone();
const sample = (name: string) => readFileSync(join(__dirname, '../../../../samples/seating', name), 'utf8');
/** A day ahead in Moscow (the office's zone, UTC+3 all year): never "today", which could cross midnight during the test. */
const tomorrow = (days = 1) => new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** initData as a Telegram client sends it, signed as Telegram documents (independent of the code under test). */
function initData(
  user: { id: number; first_name: string },
  { token = BOT_TOKEN, authDate = Math.floor(Date.now() / 1000), queryId = 'AAHdF6IQAAAAAN0XohDhrOrc' } = {},
) {
  const fields: Record<string, string> = { query_id: queryId, user: JSON.stringify(user), auth_date: String(authDate), signature: 's'.repeat(86) };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const hash = createHmac('sha256', createHmac('sha256', 'WebAppData').update(token).digest()).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

describe('seating API over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const racers = Array.from({ length: 16 }, (_, i) => `st-r${i}`);

  beforeAll(async () => {
    system = await startTestSystem({
      httpAdapter: 'fastify',
      dbPoolSize: 6,
      readWaitTimeoutMs: 5000,
      adminEmployeeIds: ['st-admin'],
      auth: { telegramBotToken: BOT_TOKEN },
    });
    http = request(system.apiUrl);
    await system.employees('st-admin', 'st-anna', 'st-boris', 'st-carl', 'st-gone', ...racers);
    const admin = system.as('st-admin');
    await http.post('/rooms/offices').set(admin).send({ officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' }).expect(201);
    for (const [roomId, floor] of [
      ['msk-arbat', 5],
      ['msk-tverskaya', 5],
      ['msk-kremlin', 7],
    ] as const) {
      await http
        .post('/rooms/offices/msk/rooms')
        .set(admin)
        .send({ roomId, name: roomId, floor, capacity: 6, workingHours: ALL_DAY, timeZone: ROOM_ZONE })
        .expect(201);
    }
  });
  afterAll(async () => {
    await system.close();
  });

  const publish = (floor: number, svg: string, as = 'st-admin') =>
    http
      .put(R.publishPlan('msk', floor))
      .set(system.as(as))
      .send({ name: `Floor ${floor}`, svg });
  const floorOf = async (floor: number, as: string, waitFor?: string) =>
    (
      await http
        .get(R.floor('msk', floor))
        .query(waitFor ? { waitFor } : {})
        .set(system.as(as))
        .expect(200)
    ).body as FloorPlanView;
  const bookDesk = (deskId: string, as: string, date = tomorrow()) =>
    http
      .post(R.bookDesk('msk', 5, deskId))
      .set(system.as(as))
      .send({ date });

  it('an admin publishes the sample plans (sanitized, shapes read); employees may not; a broken SVG is a 422 problem', async () => {
    const five = await publish(5, sample('msk-5.svg')).expect(200);
    expect(five.body).toMatchObject({ version: 1, desks: 12, rooms: 2, nodes: 7, edges: 6, removedDeskIds: [], duplicate: false });
    const seven = await publish(7, sample('msk-7.svg')).expect(200);
    expect(seven.body).toMatchObject({ desks: 8, rooms: 1 });
    expect((await publish(5, sample('msk-5.svg')).expect(200)).body).toMatchObject({ version: 1 }); // the same plan: nothing new
    expect((await publish(5, sample('msk-5.svg'), 'st-anna').expect(403)).body.code).toBe('auth.admin_required');
    const broken = await publish(6, '<svg viewBox="0 0 10 10"><g></svg>').expect(422);
    expect(broken.headers['content-type']).toContain('application/problem+json');
    expect(broken.body).toMatchObject({ code: 'seating.invalid_svg' });
    expect((await publish(6, '<svg viewBox="0 0 10 10"><rect id="r" data-seating="room" data-room="nsk-ob"/></svg>').expect(422)).body.code).toBe(
      'seating.unknown_room',
    );
    const view = await floorOf(7, 'st-anna', seven.body.position);
    expect(view).toMatchObject({ officeId: 'msk', floor: 7, officeName: 'Москва', otherFloors: [5], rooms: [{ roomId: 'msk-kremlin', name: 'msk-kremlin' }] });
    expect(view.nodes.filter((n) => n.kind !== 'corridor').map((n) => n.connects)).toEqual(['msk-stairs-a', 'msk-lift-1']);
    expect(view.svg).not.toMatch(/<!--|<\?xml/);
    const offices = (await http.get(R.offices).set(system.as('st-anna')).expect(200)).body;
    expect(offices.offices).toEqual([
      { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow', floors: [expect.objectContaining({ floor: 5 }), expect.objectContaining({ floor: 7 })] },
    ]);
  });

  it('what an SVG smuggles in never reaches the page', async () => {
    const evil = sample('msk-7.svg').replace(
      '</svg>',
      '<script>alert(1)</script><foreignObject><iframe src="https://evil.example"/></foreignObject><image href="https://evil.example/x.png"/><rect onload="alert(2)" fill="url(https://evil.example/#a)"/></svg>',
    );
    const r = await publish(7, evil).expect(200);
    const view = await floorOf(7, 'st-anna', r.body.position);
    expect(view.version).toBe(2);
    expect(view.svg).not.toMatch(/script|foreignObject|iframe|evil\.example|onload|<image/);
  });

  it('desks: assigned to one employee by admins; a hot desk is not assigned; the plan shows who sits where', async () => {
    const admin = system.as('st-admin');
    await http
      .put(R.assignee('msk', 5, 'msk5-d01'))
      .set(admin)
      .send({ employeeId: 'st-anna' })
      .expect(200);
    expect(
      (
        await http
          .put(R.assignee('msk', 5, 'msk5-d01'))
          .set(admin)
          .send({ employeeId: 'st-carl' })
          .expect(409)
      ).body.code,
    ).toBe('seating.desk_occupied');
    expect(
      (
        await http
          .put(R.assignee('msk', 5, 'msk5-d02'))
          .set(admin)
          .send({ employeeId: 'st-anna' })
          .expect(409)
      ).body.code,
    ).toBe('seating.employee_has_desk');
    expect(
      (
        await http
          .put(R.assignee('msk', 5, 'msk5-d09'))
          .set(admin)
          .send({ employeeId: 'st-carl' })
          .expect(422)
      ).body.code,
    ).toBe('seating.desk_not_assignable');
    expect(
      (
        await http
          .put(R.assignee('msk', 5, 'nope'))
          .set(admin)
          .send({ employeeId: 'st-carl' })
          .expect(404)
      ).body.code,
    ).toBe('seating.desk_not_found');
    await http
      .put(R.assignee('msk', 5, 'msk5-d02'))
      .set(system.as('st-anna'))
      .send({ employeeId: 'st-anna' })
      .expect(403);
    const changed = await http
      .patch(R.changeDesk('msk', 5, 'msk5-d02'))
      .set(admin)
      .send({ label: 'Window' })
      .expect(200);
    const view = await floorOf(5, 'st-boris', changed.body.position);
    expect(view.desks.find((d) => d.deskId === 'msk5-d01')).toMatchObject({
      kind: 'assigned',
      bookable: false,
      occupant: { employeeId: 'st-anna', via: 'assigned' },
    });
    expect(view.desks.find((d) => d.deskId === 'msk5-d02')).toMatchObject({ label: 'Window', occupant: null });
  });

  it('an employee books a hot desk for a day, finds a colleague, sees who sits nearby, cancels', async () => {
    const date = tomorrow();
    const booked = await bookDesk('msk5-d05', 'st-boris', date).expect(201);
    expect(booked.body).toMatchObject({ officeId: 'msk', floor: 5, deskId: 'msk5-d05', date, status: 'booked' });
    expect((await bookDesk('msk5-d05', 'st-carl', date).expect(409)).body.code).toBe('seating.desk_taken');
    expect((await bookDesk('msk5-d01', 'st-carl', date).expect(422)).body.code).toBe('seating.desk_not_bookable');
    expect((await bookDesk('msk5-d06', 'st-carl', '2020-01-01').expect(422)).body.code).toBe('seating.date_in_past');
    // one desk per person and day, also a moment after the first booking (before the read model has it)
    expect((await bookDesk('msk5-d06', 'st-boris', date).expect(409)).body.code).toBe('seating.one_desk_per_day');

    const view = await floorOf(5, 'st-carl', booked.body.position);
    expect(view.date).toBe(new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10)); // today in Moscow by default
    const onDay = (await http.get(R.floor('msk', 5)).query({ date }).set(system.as('st-carl')).expect(200)).body as FloorPlanView;
    expect(onDay.desks.find((d) => d.deskId === 'msk5-d05')).toMatchObject({ bookable: false, occupant: { employeeId: 'st-boris', via: 'booked' } });

    const waitFor = booked.body.position; // after every hire: the directory has them all
    const found = (await http.get(R.people).query({ q: 'st-anna', date, waitFor }).set(system.as('st-carl')).expect(200)).body;
    const anna = found.items.find((i: { employeeId: string }) => i.employeeId === 'st-anna');
    expect(anna.seats).toEqual([{ officeId: 'msk', floor: 5, deskId: 'msk5-d01', label: '5.01', via: 'assigned', date: null }]);
    // only what every colleague may see: no e-mail, Telegram or photo (the directory's privacy flags guard those)
    expect(Object.keys(anna).sort()).toEqual(['department', 'employeeId', 'fullName', 'office', 'position', 'seats']);
    const boris = (await http.get(R.people).query({ q: 'st-boris', date, waitFor }).set(system.as('st-carl')).expect(200)).body.items[0];
    expect(boris.seats).toEqual([{ officeId: 'msk', floor: 5, deskId: 'msk5-d05', label: '5.05', via: 'booked', date }]);

    const near = (await http.get(R.nearby).query({ date, waitFor }).set(system.as('st-boris')).expect(200)).body;
    expect(near.seat).toMatchObject({ deskId: 'msk5-d05', via: 'booked' });
    expect(near.people[0]).toMatchObject({ employeeId: 'st-anna', deskId: 'msk5-d01', via: 'assigned' });
    expect(near.people[0].distance).toBeGreaterThan(0);
    expect((await http.get(R.myBookings).set(system.as('st-boris')).expect(200)).body.items).toEqual([
      expect.objectContaining({ deskId: 'msk5-d05', date, status: 'booked', label: '5.05' }),
    ]);

    expect(
      (
        await http
          .delete(R.deskBooking('msk', 5, 'msk5-d05', date))
          .set(system.as('st-carl'))
          .expect(422)
      ).body.code,
    ).toBe('seating.not_yours');
    const cancelled = await http
      .delete(R.deskBooking('msk', 5, 'msk5-d05', date))
      .set(system.as('st-boris'))
      .expect(200);
    expect(cancelled.body).toMatchObject({ bookingId: booked.body.bookingId, status: 'cancelled' });
    await bookDesk('msk5-d05', 'st-carl', date).expect(201);
  });

  it('one desk per person and day holds while the read model lags behind (the projector stopped) and the log is fenced', async () => {
    const date = tomorrow(3);
    await system.stopProjector();
    // an older transaction left open elsewhere on the server holds the log's settled tail back behind it
    const other = await system.ds.createQueryRunner();
    await other.startTransaction();
    await other.query('SELECT pg_current_xact_id()');
    try {
      await bookDesk('msk5-d08', 'st-carl', date).expect(201);
      expect((await bookDesk('msk5-d09', 'st-carl', date).expect(409)).body).toMatchObject({ code: 'seating.one_desk_per_day', deskId: 'msk5-d08' });
      await http
        .delete(R.deskBooking('msk', 5, 'msk5-d08', date))
        .set(system.as('st-carl'))
        .expect(200);
      await bookDesk('msk5-d09', 'st-carl', date).expect(201); // the cancellation counts too
    } finally {
      await other.rollbackTransaction();
      await other.release();
      system.startProjector();
    }
  });

  it('a retried booking (same Idempotency-Key) has one effect', async () => {
    const date = tomorrow();
    const first = await bookDesk('msk5-d07', 'st-anna', date).set('idempotency-key', 'st-retry').expect(201);
    const again = await bookDesk('msk5-d07', 'st-anna', date).set('idempotency-key', 'st-retry').expect(201);
    expect(again.body).toMatchObject({ bookingId: first.body.bookingId, duplicate: true });
    expect((await system.store.readStream(deskDayStreamId('msk', 5, 'msk5-d07', date))).filter((e) => e.type === 'DeskBooked')).toHaveLength(1);
  });

  it('rooms on the plan: free or busy now, and a quick booking offered only when the rooms feature would take it', async () => {
    // Tverskaya opens only early in the morning of its zone, where it is midday now: free, but closed
    await http
      .patch('/rooms/msk-tverskaya')
      .set(system.as('st-admin'))
      .send({ workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '06:00' } })
      .expect(200);
    type Room = FloorRoomsView['rooms'][number];
    const free = (await http.get(R.floorRooms('msk', 5)).set(system.as('st-anna')).expect(200)).body as FloorRoomsView;
    expect(free.rooms.map((r: Room) => [r.roomId, r.freeNow, r.bookNow?.minutes ?? null])).toEqual([
      ['msk-arbat', true, 30],
      ['msk-tverskaya', true, null],
    ]);
    expect(free.rooms[1].notBookableNow).toMatch(/can be booked 00:00-06:00/);
    const now = await http.post('/rooms/msk-arbat/book-now').set(system.as('st-anna')).send({ minutes: free.rooms[0].bookNow!.minutes }).expect(201);
    expect([now.body.start, now.body.end]).toEqual([free.rooms[0].bookNow!.start, free.rooms[0].bookNow!.end]); // as offered
    // from the room's stream: busy at once, no read model to wait for
    const busy = (await http.get(R.floorRooms('msk', 5)).set(system.as('st-anna')).expect(200)).body as FloorRoomsView;
    expect(busy.rooms[0]).toMatchObject({ roomId: 'msk-arbat', freeNow: false, until: now.body.end, bookNow: null });
  });

  it('hot-desk race: many bookings of one desk-day at once, over two API processes, give exactly one booking; the read model agrees', async () => {
    const date = tomorrow();
    // A second write side over the same store: another API process with its own cache.
    const other = new StreamCommandProcessor(system.store, deskDayWriteSide);
    const desk = await deskContext(system.api.get(WriteSides), 'msk', 5, 'msk5-d10');
    const attempts = racers.map((employeeId, i) => {
      if (i % 2 === 0) return bookDesk('msk5-d10', employeeId, date).then((r) => r.status);
      const actor = { employeeId, roles: ['employee'] };
      return other
        .execute(
          { type: 'BookDesk', desk, date, bookingId: `direct-${i}`, employeeId, employeeSeatElsewhere: null, actor },
          { commandId: `direct-${i}`, actorId: employeeId },
        )
        .then(
          () => 201,
          (e: { code?: string }) => (e.code === 'seating.desk_taken' ? 409 : 500),
        );
    });
    const statuses = await Promise.all(attempts);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(racers.length - 1);
    const events = await system.store.readStream(deskDayStreamId('msk', 5, 'msk5-d10', date));
    expect(events.map((e) => e.type)).toEqual(['DeskBooked']);
    const winner = (events[0].data as { employeeId: string }).employeeId;
    // the read model, once it has the write: one booking of that desk-day, the winner's
    const view = (
      await http
        .get(R.floor('msk', 5))
        .query({ date, waitFor: `${events[0].position.commit}-${events[0].position.prepare}` })
        .set(system.as('st-anna'))
        .expect(200)
    ).body as FloorPlanView;
    expect(view.desks.find((d) => d.deskId === 'msk5-d10')!.occupant).toMatchObject({ employeeId: winner, via: 'booked' });
    const rows = await system.ds.query(
      `SELECT employee_id FROM seating.desk_bookings WHERE office_id = 'msk' AND floor = 5 AND desk_id = 'msk5-d10' AND date = $1 AND status = 'booked'`,
      [date],
    );
    expect(rows).toEqual([{ employee_id: winner }]);
  });

  describe('who may call', () => {
    const post = (data: string) => http.post('/auth/webapp').send({ initData: data });

    it('a Web App session (validated initData) reads the plan and books; forged, tampered, expired, replayed, other-bot, stranger and dismissed initData get 401 and no session', async () => {
      const carl = { id: system.telegramIdOf('st-carl'), first_name: 'Carl' };
      const good = initData(carl, { queryId: 'st-q1' });
      const opened = await post(good).expect(200);
      const cookie = opened.headers['set-cookie'] as unknown as string[];
      const session = cookie.find((c) => c.startsWith('mb_session='))!.split(';')[0];
      await http.get(R.floor('msk', 5)).set('cookie', session).expect(200);
      await http
        .post(R.bookDesk('msk', 5, 'msk5-d11'))
        .set('cookie', session)
        .set('x-csrf-token', opened.body.csrf)
        .send({ date: tomorrow(2) })
        .expect(201);
      await http
        .post(R.bookDesk('msk', 5, 'msk5-d12'))
        .set('cookie', session)
        .send({ date: tomorrow() })
        .expect(403); // no CSRF token
      await http.put(R.publishPlan('msk', 5)).set('cookie', session).set('x-csrf-token', opened.body.csrf).send({ name: 'x', svg: '<svg/>' }).expect(403);

      // a dismissed employee's Telegram account acts for nobody any more
      await http.post('/identity/employees/st-gone/dismiss').set(system.as('st-admin')).send({ reason: 'left' }).expect(201);
      const refused = {
        replayed: good,
        forged: initData(carl, { queryId: 'st-q2' }).replace(/hash=[0-9a-f]{64}/, `hash=${'ab'.repeat(32)}`),
        tampered: initData(carl, { queryId: 'st-q3' }).replace('Carl', 'Anna'),
        expired: initData(carl, { queryId: 'st-q4', authDate: Math.floor(Date.now() / 1000) - 3600 }),
        otherBot: initData(carl, { queryId: 'st-q5', token: OTHER_BOT }),
        stranger: initData({ id: 4_700_000_001, first_name: 'Stranger' }, { queryId: 'st-q6' }),
        missingHash: initData(carl, { queryId: 'st-q7' }).replace(/&hash=[0-9a-f]+/, ''),
        dismissed: initData({ id: system.telegramIdOf('st-gone'), first_name: 'Gone' }, { queryId: 'st-q8' }),
      };
      for (const [kind, data] of Object.entries(refused)) {
        const r = await post(data);
        expect({
          kind,
          status: r.status,
          session: (r.headers['set-cookie'] as unknown as string[] | undefined)?.some((c) => c.startsWith('mb_session=')) ?? false,
        }).toEqual({
          kind,
          status: 401,
          session: false,
        });
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('no credential and a forged X-Employee-Id get 401; a stranger acting through the bot gets 403', async () => {
      await http.get(R.floor('msk', 5)).expect(401);
      await http.get(R.floor('msk', 5)).set('x-employee-id', 'st-admin').expect(401);
      await http
        .post(R.bookDesk('msk', 5, 'msk5-d12'))
        .set('x-employee-id', 'st-anna')
        .send({ date: tomorrow() })
        .expect(401);
      await http.put(R.publishPlan('msk', 5)).set('x-employee-id', 'st-admin').send({ name: 'x', svg: '<svg/>' }).expect(401);
      await http.get(R.people).query({ q: 'anna' }).set(system.bot(4_700_000_002)).expect(403);
    });
  });
});
