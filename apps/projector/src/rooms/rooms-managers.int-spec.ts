import { roomDayStreamId, roomSeriesStreamId } from '@megabot/contracts';
import { fixedZone, occurrenceBookingId } from '@megabot/domain';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { ProjectionRunner } from '../projection-runner';
import { RoomsReleaseManager } from './rooms-release.manager';
import { RoomsReminderManager } from './rooms-reminder.manager';
import { RoomsProjection } from './rooms.projection';
import { emp, nextCommandId, roomsApi, testClock } from './rooms.testing';
import { SeriesAttendanceManager } from './series-attendance.manager';

const [db] = testDatabases();
const D1 = '2026-03-02';
const D2 = '2026-03-03';
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00Z`;

describe('rooms process managers (controllable clock)', () => {
  let scratch: ScratchStores;
  let runner: ProjectionRunner;
  const time = testClock(at(D1, '08:00'));
  let api: ReturnType<typeof roomsApi>;

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
    runner = new ProjectionRunner(scratch.store, scratch.ds, new RoomsProjection());
    runner.start();
    api = roomsApi(scratch.store, time.clock);
    await api.office('hq');
    await api.room('auto', 'hq', { checkInWindowMinutes: 10 });
    await api.room('manual', 'hq', { autoRelease: false });
    await api.room('quick', 'hq', { checkInWindowMinutes: 3 });
  });
  afterAll(async () => {
    await runner.stop();
    await scratch.close();
  });

  const book = async (roomId: string, bookingId: string, date: string, from: string, to: string, organizer = 'anna', extra: Record<string, unknown> = {}) =>
    api.writer.day(
      {
        type: 'BookRoom',
        room: await api.context(roomId, date),
        date,
        actor: emp(organizer),
        bookingId,
        title: `T ${bookingId}`,
        organizerId: organizer,
        start: at(date, from),
        end: at(date, to),
        ...extra,
      },
      nextCommandId(),
      organizer,
    );
  const status = async (bookingId: string) => (await scratch.ds.query(`SELECT status FROM rooms.bookings WHERE booking_id = $1`, [bookingId]))[0]?.status;
  /** Waits until the projection shows what the managers need to see. */
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the read model did not get there');
  };
  const projected = (bookingId: string, expected: string) => until(async () => (await status(bookingId)) === expected);
  const released = async (roomId: string, date: string) =>
    (await scratch.store.readStream(roomDayStreamId(roomId, date)))
      .filter((e) => e.type === 'BookingReleased')
      .map((e) => (e.data as { bookingId: string }).bookingId);

  it('releases a booking nobody checked in for at its deadline, and only then', async () => {
    const release = new RoomsReleaseManager(scratch.store, scratch.ds, { clock: time.clock });
    await book('auto', 'b-noshow', D1, '10:00', '11:00');
    await book('auto', 'b-shows', D1, '11:00', '12:00');
    await book('manual', 'b-manual', D1, '10:00', '11:00');
    await book('quick', 'b-quick', D1, '10:00', '11:00');
    await projected('b-quick', 'booked');

    time.set(at(D1, '10:02'));
    expect(await release.tick()).toEqual({ due: 0, released: 0 });
    time.set(at(D1, '10:03'));
    expect(await release.tick()).toEqual({ due: 1, released: 1 }); // the per-room window: 3 minutes
    await projected('b-quick', 'released');
    time.set(at(D1, '10:09'));
    expect(await release.tick()).toEqual({ due: 0, released: 0 });
    time.set(at(D1, '10:10'));
    await release.tick();
    expect(await released('auto', D1)).toEqual(['b-noshow']);
    expect(await released('quick', D1)).toEqual(['b-quick']);
    await projected('b-noshow', 'released');

    // checked in: never released; a room without auto-release: never released
    time.set(at(D1, '11:02'));
    await api.writer.day(
      { type: 'CheckIn', room: await api.context('auto', D1), date: D1, actor: emp('anna'), bookingId: 'b-shows', via: 'bot' },
      nextCommandId(),
      'anna',
    );
    time.set(at(D1, '11:30'));
    await release.tick();
    expect(await released('auto', D1)).toEqual(['b-noshow']);
    expect(await released('manual', D1)).toEqual([]);
    expect(await status('b-manual')).toBe('booked');

    // two instances racing over the same due booking write one release
    await book('auto', 'b-race', D1, '13:00', '14:00');
    await projected('b-race', 'booked');
    time.set(at(D1, '13:10'));
    const other = new RoomsReleaseManager(scratch.store, scratch.ds, { clock: time.clock });
    const [a, b] = await Promise.all([release.tick(), other.tick()]);
    expect(a.released + b.released).toBe(1);
    expect((await released('auto', D1)).filter((x) => x === 'b-race')).toHaveLength(1);

    // the released organizer gets one notice in the outbox
    await projected('b-race', 'released');
    const notices = await scratch.ds.query(`SELECT recipient_id, kind FROM rooms_outbox.notifications WHERE booking_id = 'b-noshow'`);
    expect(notices).toEqual([{ recipient_id: 'anna', kind: 'released' }]);
  });

  it('reminds every participant once before the start, with the check-in due', async () => {
    const reminders = new RoomsReminderManager(scratch.ds, { clock: time.clock });
    time.set(at(D2, '08:00'));
    await book('auto', 'b-remind', D2, '09:00', '10:00', 'anna', { attendees: ['boris'] });
    await projected('b-remind', 'booked');
    time.set(at(D2, '08:54'));
    expect(await reminders.tick()).toEqual({ reminded: 0 });
    time.set(at(D2, '08:55'));
    expect(await reminders.tick()).toEqual({ reminded: 2 });
    expect(await reminders.tick()).toEqual({ reminded: 0 });
    expect(await new RoomsReminderManager(scratch.ds, { clock: time.clock }).tick()).toEqual({ reminded: 0 });
    const rows = await scratch.ds.query(`SELECT recipient_id, data FROM rooms_outbox.notifications WHERE booking_id = 'b-remind' ORDER BY recipient_id`);
    expect(rows.map((r: { recipient_id: string }) => r.recipient_id)).toEqual(['anna', 'boris']);
    expect(rows[0].data).toMatchObject({ title: 'T b-remind', roomName: 'auto', start: '2026-03-03T09:00:00+00:00' });
  });

  it('flags a series to its organizer after N unattended occurrences in a row', async () => {
    const release = new RoomsReleaseManager(scratch.store, scratch.ds, { clock: time.clock });
    const attendance = new SeriesAttendanceManager(scratch.store, scratch.ds, { clock: time.clock });
    const seriesId = 'ser1';
    const dates = ['2026-03-09', '2026-03-10', '2026-03-11'];
    time.set(at('2026-03-08', '12:00'));
    const room = { ...(await api.context('auto', dates[0])), zone: fixedZone('UTC', 0) };
    await api.writer.seriesCommand(
      {
        type: 'CreateSeries',
        seriesId,
        room,
        organizerId: 'anna',
        title: 'Daily',
        rule: { frequency: 'daily', weekdays: [1, 2, 3, 4, 5, 6, 7], startDate: dates[0], count: 3, startTime: '09:00', endTime: '10:00' },
        unattendedLimit: 2,
        actor: emp('anna'),
      },
      nextCommandId(),
      'anna',
    );
    for (const d of dates) await book('auto', occurrenceBookingId(seriesId, d), d, '09:00', '10:00', 'anna', { seriesId });
    await projected(occurrenceBookingId(seriesId, dates[2]), 'booked');

    // day 1: attended; day 2 and 3: nobody came
    time.set(at(dates[0], '09:01'));
    await api.writer.day(
      {
        type: 'CheckIn',
        room: await api.context('auto', dates[0]),
        date: dates[0],
        actor: emp('anna'),
        bookingId: occurrenceBookingId(seriesId, dates[0]),
        via: 'qr',
      },
      nextCommandId(),
      'anna',
    );
    for (const d of dates.slice(1)) {
      time.set(at(d, '09:10'));
      await release.tick();
      await projected(occurrenceBookingId(seriesId, d), 'released');
    }
    await projected(occurrenceBookingId(seriesId, dates[0]), 'checked_in');
    await attendance.tick();
    await attendance.tick(); // a repeat changes nothing
    const events = (await scratch.store.readStream(roomSeriesStreamId(seriesId))).map((e) => e.type);
    expect(events).toEqual(['SeriesCreated', 'SeriesOccurrenceAttended', 'SeriesOccurrenceMissed', 'SeriesOccurrenceMissed', 'SeriesFlaggedUnattended']);
    await until(async () => (await scratch.ds.query(`SELECT flagged FROM rooms.series WHERE series_id = $1`, [seriesId]))[0]?.flagged === true);
    const notice = await scratch.ds.query(`SELECT recipient_id, kind, data FROM rooms_outbox.notifications WHERE series_id = $1`, [seriesId]);
    expect(notice).toEqual([
      { recipient_id: 'anna', kind: 'series_flagged', data: expect.objectContaining({ missedInARow: 2, missedDates: dates.slice(1), title: 'Daily' }) },
    ]);
  });
});
