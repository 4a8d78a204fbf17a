import {
  comparePositions,
  displayStreamId,
  roomDayStreamId,
  roomStreamId,
  type GlobalPosition,
  type DisplayEvent,
  type RoomDayEvent,
  type RoomEvent,
} from '@megabot/contracts';
import {
  decideDisplay,
  decideRoom,
  evolveDisplay,
  evolveRoomDay,
  fixedZone,
  initialDisplayState,
  initialRoomDayState,
  initialRoomState,
  roomDayDecider,
  type RoomContext,
} from '@megabot/domain';
import { PostgresEventStore, type RecordedEvent } from '@megabot/event-store';
import { TableWriter } from '@megabot/read-model';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { applyInTransaction } from '../../projection-runner';
import { rebuildProjection } from '../../rebuild';
import { DisplayScheduleProjection } from './display-schedule.projection';

const [db] = testDatabases();
const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };
const DATE = '2025-03-14';
const MSK = fixedZone('Europe/Moscow', 180);
const at = (hhmm: string) => `${DATE}T${hhmm}:00+03:00`;
const NOW = new Date(`${DATE}T08:00:00+03:00`);
const HASH = (c: string) => c.repeat(64);

/** The `displays` projection: the folded room-day equals the domain's fold, versions move only with the sign, a replay changes nothing, a rebuild gives the same rows. */
describe('display schedule projection', () => {
  let scratch: ScratchStores;
  let store: PostgresEventStore;
  let ds: DataSource;
  const projection = new DisplayScheduleProjection();
  const schema = projection.schema;

  const append = async (streamId: string, events: { type: string; data: unknown }[]) => {
    const existing = await store.readStream(streamId);
    const r = await store.append(
      streamId,
      events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { occurredAt: NOW.toISOString(), schemaVersion: 1 } })),
      existing.length ? existing[existing.length - 1].revision : 'no_stream',
    );
    last = r.position;
  };
  let last: GlobalPosition = { commit: 0n, prepare: 0n };
  let room: RoomContext;
  const onDay = async (command: Parameters<typeof roomDayDecider.decide>[1]) => {
    const stream = roomDayStreamId('neva', DATE);
    const state = (await store.readStream(stream)).map((e) => ({ type: e.type, data: e.data }) as RoomDayEvent).reduce(evolveRoomDay, initialRoomDayState);
    await append(stream, roomDayDecider.decide(state, command, NOW));
  };
  /** Applies the whole log after `after` in batches of `size`, as the runner does. */
  const project = async (size = 1000) => {
    // The log hands out only settled events (a transaction still open anywhere on the server fences newer ones): read until the last append.
    for (const deadline = Date.now() + 10_000; ;) {
      const [cp] = await ds.query(`SELECT commit_position, prepare_position FROM ${schema}.checkpoint`);
      const from = { commit: BigInt(cp.commit_position), prepare: BigInt(cp.prepare_position) };
      if (comparePositions(from, last) >= 0) return;
      if (Date.now() > deadline) throw new Error('the log did not deliver the last append within 10 s');
      const all = await store.readAll({ after: from });
      for (let i = 0; i < all.length; i += size) await tx((q) => applyInTransaction(q, projection, schema, all.slice(i, i + size)));
      if (!all.length) await new Promise((r) => setTimeout(r, 20));
    }
  };
  const tx = async (f: (q: QueryRunner) => Promise<unknown>) => {
    const q = ds.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await f(q);
      await q.commitTransaction();
    } finally {
      await q.release();
    }
  };
  const dayRow = async () =>
    (await ds.query(`SELECT state, version, revision::int AS revision FROM ${schema}.room_days WHERE room_id = 'neva' AND date = $1`, [DATE]))[0];
  const roomRow = async () => (await ds.query(`SELECT settings, retired, version FROM ${schema}.rooms WHERE room_id = 'neva'`))[0];

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 3);
    ({ store, ds } = scratch);
    const created = decideRoom(
      initialRoomState,
      {
        type: 'CreateRoom',
        roomId: 'neva',
        office: { officeId: 'spb', timeZone: 'Europe/Moscow', archived: false },
        settings: { name: 'Нева', floor: 3, capacity: 8 },
        actor: ADMIN,
      },
      NOW,
    ) as RoomEvent[];
    room = { settings: (created[0] as Extract<RoomEvent, { type: 'RoomCreated' }>).data.settings, retired: false, zone: MSK };
    await append(roomStreamId('neva'), created);
    await append(
      displayStreamId('neva-door'),
      decideDisplay(
        initialDisplayState,
        {
          type: 'RegisterDisplay',
          displayId: 'neva-door',
          room: { roomId: 'neva', exists: true, retired: false },
          tokenHash: HASH('a'),
          tokenHint: 'aaaa',
          actor: ADMIN,
        },
        NOW,
      ),
    );
    const book = (bookingId: string, start: string, end: string) =>
      onDay({
        type: 'BookRoom',
        room,
        date: DATE,
        actor: ADMIN,
        bookingId,
        title: `Meeting ${bookingId}`,
        organizerId: 'anna',
        start: at(start),
        end: at(end),
      });
    await book('a', '10:00', '11:00');
    await book('b', '11:30', '12:00');
  });
  afterAll(async () => {
    await scratch?.close();
  });

  it('folds the room-day like the domain and writes the room and the display', async () => {
    await project(1); // one event per batch
    const expected = (await store.readStream(roomDayStreamId('neva', DATE)))
      .map((e) => ({ type: e.type, data: e.data }) as RoomDayEvent)
      .reduce(evolveRoomDay, initialRoomDayState);
    expect(await dayRow()).toEqual({ state: JSON.parse(JSON.stringify(expected)), version: 2, revision: 1 });
    expect(await roomRow()).toMatchObject({ retired: false, version: 1, settings: { name: 'Нева', timeZone: 'Europe/Moscow' } });
    const [d] = await ds.query(`SELECT display_id, room_id, status, token_hash FROM ${schema}.displays`);
    expect(d).toEqual({ display_id: 'neva-door', room_id: 'neva', status: 'active', token_hash: HASH('a') });
  });

  it('moves the version only when the sign changes', async () => {
    await onDay({ type: 'ChangeBooking', room, date: DATE, actor: ADMIN, bookingId: 'b', attendees: ['boris'] });
    await project();
    expect(await dayRow()).toMatchObject({ version: 2, revision: 2 });
    await onDay({ type: 'ChangeBooking', room, date: DATE, actor: ADMIN, bookingId: 'b', title: 'Renamed' });
    await project();
    expect(await dayRow()).toMatchObject({ version: 3, revision: 3 });
    const update = (changes: Record<string, unknown>) =>
      decideRoom({ status: 'active', settings: room.settings }, { type: 'UpdateRoom', roomId: 'neva', changes, actor: ADMIN }, NOW) as RoomEvent[];
    await append(roomStreamId('neva'), update({ capacity: 12 })); // not on the sign
    await project();
    expect(await roomRow()).toMatchObject({ version: 1, settings: { capacity: 12 } });
    await append(roomStreamId('neva'), update({ capacity: 12, privacy: true })); // titles hidden: on the sign
    await project();
    expect(await roomRow()).toMatchObject({ version: 2, settings: { privacy: true } });
  });

  it('rotates and retires displays', async () => {
    const fold = async () =>
      (await store.readStream(displayStreamId('neva-door')))
        .map((e) => ({ type: e.type, data: e.data }) as DisplayEvent)
        .reduce(evolveDisplay, initialDisplayState);
    const folded = await fold();
    await append(
      displayStreamId('neva-door'),
      decideDisplay(folded, { type: 'RotateDisplayToken', displayId: 'neva-door', tokenHash: HASH('b'), tokenHint: 'bbbb', actor: ADMIN }, NOW),
    );
    await project();
    expect((await ds.query(`SELECT token_hash, status FROM ${schema}.displays`))[0]).toEqual({ token_hash: HASH('b'), status: 'active' });
    await append(displayStreamId('neva-door'), decideDisplay(await fold(), { type: 'RetireDisplay', displayId: 'neva-door', actor: ADMIN }, NOW));
    await project();
    expect((await ds.query(`SELECT token_hash, status, retired_at IS NOT NULL AS retired FROM ${schema}.displays`))[0]).toEqual({
      token_hash: HASH('b'),
      status: 'retired',
      retired: true,
    });
  });

  it('changes nothing when a batch is applied again, and a rebuild gives the same rows', async () => {
    const snapshot = async () => ({
      displays: await ds.query(`SELECT * FROM ${schema}.displays ORDER BY display_id`),
      rooms: await ds.query(`SELECT * FROM ${schema}.rooms ORDER BY room_id`),
      days: await ds.query(`SELECT * FROM ${schema}.room_days ORDER BY room_id, date`),
    });
    const before = await snapshot();
    const all: RecordedEvent[] = await store.readAll({});
    // Straight into the projection, past the checkpoint check: every row skips what it has seen.
    await tx((q) =>
      projection.apply(
        all.filter((e) => projection.handles(e.type)),
        new TableWriter(q),
      ),
    );
    expect(await snapshot()).toEqual(before);
    await rebuildProjection(store, ds, projection);
    expect(await snapshot()).toEqual(before);
  });
});
