import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { applyInTransaction, ProjectionRunner } from '../projection-runner';
import { rebuildProjection } from '../rebuild';
import { RoomsReleaseManager } from './rooms-release.manager';
import { RoomsProjection } from './rooms.projection';
import { emp, nextCommandId, roomsApi, testClock } from './rooms.testing';

const [db] = testDatabases();
const D = '2026-04-06';
const at = (hhmm: string) => `${D}T${hhmm}:00Z`;

describe('rooms projection: replay and rebuild', () => {
  let scratch: ScratchStores;
  const time = testClock(`${D}T07:00:00Z`);
  const projection = new RoomsProjection();

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
  });
  afterAll(async () => {
    await scratch.close();
  });

  const snapshot = async () => ({
    offices: await scratch.ds.query(`SELECT * FROM rooms.offices ORDER BY office_id`),
    rooms: await scratch.ds.query(`SELECT * FROM rooms.rooms ORDER BY room_id`),
    bookings: await scratch.ds.query(`SELECT * FROM rooms.bookings ORDER BY booking_id`),
    series: await scratch.ds.query(`SELECT * FROM rooms.series ORDER BY series_id`),
    outcomes: await scratch.ds.query(`SELECT * FROM rooms.series_outcomes ORDER BY series_id, date`),
  });
  const outbox = () => scratch.ds.query(`SELECT id, kind, recipient_id, delivered_at FROM rooms_outbox.notifications ORDER BY id`);

  it('projects every kind of event, and a replay or a rebuild gives the same rows and sends nothing again', async () => {
    const api = roomsApi(scratch.store, time.clock);
    await api.office('hq');
    await api.room('neva', 'hq', { privacy: true, bufferMinutes: 5 });
    const room = () => api.context('neva', D);
    const day = async (cmd: Record<string, unknown>, actor = 'anna') =>
      api.writer.day({ room: await room(), date: D, actor: emp(actor), ...cmd } as never, nextCommandId(), actor);
    const base = { title: 'Plan', organizerId: 'anna' };
    await day({ type: 'BookRoom', bookingId: 'a', ...base, start: at('09:00'), end: at('10:00'), attendees: ['boris'] });
    await day({ type: 'BookRoom', bookingId: 'b', ...base, start: at('11:00'), end: at('12:00') });
    await day({ type: 'BookRoom', bookingId: 'c', ...base, start: at('13:00'), end: at('14:00') });
    await day({ type: 'BookRoom', bookingId: 'd', ...base, start: at('15:00'), end: at('16:00') });
    await day({ type: 'ChangeBooking', bookingId: 'b', title: 'Review', end: at('12:30') });
    await day({ type: 'CancelBooking', bookingId: 'd', reason: 'no need' });
    time.set(at('08:56'));
    await day({ type: 'CheckIn', bookingId: 'a', via: 'bot' }, 'boris');
    time.set(at('09:30'));
    await day({ type: 'ExtendBooking', bookingId: 'a', minutes: 15 });
    await day({ type: 'EndBookingEarly', bookingId: 'a' });
    time.set(at('11:20'));

    const runner = new ProjectionRunner(scratch.store, scratch.ds, projection);
    runner.start();
    const release = new RoomsReleaseManager(scratch.store, scratch.ds, { clock: time.clock });
    for (let i = 0; i < 200 && (await release.tick()).released === 0; i++) await new Promise((r) => setTimeout(r, 25)); // b: nobody came
    for (let i = 0; i < 200; i++) {
      const [row] = await scratch.ds.query(`SELECT status FROM rooms.bookings WHERE booking_id = 'b'`);
      if (row?.status === 'released') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await runner.stop();

    const live = await snapshot();
    const byId = Object.fromEntries(live.bookings.map((b: { booking_id: string }) => [b.booking_id, b]));
    expect(byId.a).toMatchObject({ status: 'ended', end_local: `${D}T09:30:00+00:00`, checked_in_by: 'boris', checked_in_via: 'bot', attendees: ['boris'] });
    expect(byId.b).toMatchObject({ status: 'released', title: 'Review', end_local: `${D}T12:30:00+00:00` });
    expect(byId.c).toMatchObject({ status: 'booked' });
    expect(byId.d).toMatchObject({ status: 'cancelled' });
    expect(live.rooms[0]).toMatchObject({ room_id: 'neva', privacy: true, buffer_minutes: 5, status: 'active' });
    const sent = await outbox();
    expect(sent.map((n: { kind: string }) => n.kind)).toEqual(['released']);
    await scratch.ds.query(`UPDATE rooms_outbox.notifications SET delivered_at = now()`);
    const delivered = await outbox();

    // replay everything in place, bypassing the checkpoint: the row revisions keep it a no-op
    const all = await scratch.store.readAll({ maxCount: 10_000 });
    await scratch.ds.query(`UPDATE rooms.checkpoint SET commit_position = 0, prepare_position = 0`);
    await scratch.ds.transaction((q) => applyInTransaction(q, projection, 'rooms', all));
    expect(await snapshot()).toEqual(live);

    // rebuild from position 0 into fresh tables: the same rows, and no notice is re-created
    await rebuildProjection(scratch.store, scratch.ds, projection);
    expect(await snapshot()).toEqual(live);
    expect(await outbox()).toEqual(delivered);
  });
});
