import { bookNowOptions, findFreeRooms, freeIntervals, roomNow } from './availability';
import { roomDayDecider } from './room-day.decider';
import { at, book, booked, ctx, DATE, dayOf, ROOM, t } from './rooms.fixtures';

const empty = dayOf([]);
const short = (o: ReturnType<typeof bookNowOptions>[number]) =>
  o.available ? `${o.minutes}: ${o.start!.slice(11, 16)}-${o.end!.slice(11, 16)}${o.shortened ? ' (shortened)' : ''}` : `${o.minutes}: ${o.error!.code}`;

describe('book now', () => {
  it('starts at the current minute and ends on the next 5-minute mark', () => {
    expect(bookNowOptions(ROOM, empty, at('10:03:27')).map(short)).toEqual(['15: 10:03-10:20', '30: 10:03-10:35', '60: 10:03-11:05']);
    expect(bookNowOptions(ROOM, empty, at('10:00')).map(short)).toEqual(['15: 10:00-10:15', '30: 10:00-10:30', '60: 10:00-11:00']);
  });
  it('shortens to the next booking (minus the buffer) while the minimum duration fits', () => {
    const day = dayOf([booked('b1', '10:30', '11:00')]);
    expect(bookNowOptions(ROOM, day, at('10:03')).map(short)).toEqual(['15: 10:03-10:20', '30: 10:03-10:30 (shortened)', '60: 10:03-10:30 (shortened)']);
    expect(bookNowOptions(ctx({ bufferMinutes: 10 }), day, at('10:03')).map(short)).toEqual([
      '15: 10:03-10:20',
      '30: 10:03-10:20 (shortened)',
      '60: 10:03-10:20 (shortened)',
    ]);
    expect(bookNowOptions(ROOM, dayOf([booked('b1', '10:15', '11:00')]), at('10:03')).map(short)).toEqual([
      '15: rooms.slot_taken',
      '30: rooms.slot_taken',
      '60: rooms.slot_taken',
    ]);
  });
  it('is unavailable while the room is busy, and stops at closing time', () => {
    expect(bookNowOptions(ROOM, dayOf([booked('b1', '10:00', '11:00')]), at('10:30')).map(short)).toEqual([
      '15: rooms.slot_taken',
      '30: rooms.slot_taken',
      '60: rooms.slot_taken',
    ]);
    expect(bookNowOptions(ROOM, empty, at('19:40')).map(short)).toEqual(['15: 19:40-19:55', '30: 19:40-20:00 (shortened)', '60: 19:40-20:00 (shortened)']);
    expect(bookNowOptions(ROOM, empty, at('19:50')).map(short)).toEqual([
      '15: rooms.outside_working_hours',
      '30: rooms.outside_working_hours',
      '60: rooms.outside_working_hours',
    ]);
    expect(bookNowOptions(ROOM, empty, at('10:00', '2025-03-15')).map(short)[0]).toBe('15: rooms.outside_working_hours');
  });
  it('offers exactly what BookRoom then accepts', () => {
    const day = dayOf([booked('b1', '10:30', '11:00')]);
    for (const o of bookNowOptions(ROOM, day, at('10:03:27')).filter((x) => x.available)) {
      expect(roomDayDecider.decide(day, book('n', '', '', { start: o.start!, end: o.end! }), at('10:03:40'))).toHaveLength(1);
    }
  });
});

describe('free intervals', () => {
  it('lists the free parts of the working day from now on, buffer kept clear', () => {
    const day = dayOf([booked('b1', '10:00', '11:00'), booked('b2', '12:00', '13:00')]);
    expect(freeIntervals(ROOM, day, DATE, at('09:00')).map((i) => `${i.start.slice(11, 16)}-${i.end.slice(11, 16)}`)).toEqual([
      '09:00-10:00',
      '11:00-12:00',
      '13:00-20:00',
    ]);
    expect(freeIntervals(ctx({ bufferMinutes: 30 }), day, DATE, at('09:00')).map((i) => `${i.start.slice(11, 16)}-${i.end.slice(11, 16)}`)).toEqual([
      '09:00-09:30',
      '13:30-20:00',
    ]);
    expect(freeIntervals(ROOM, day, '2025-03-15', at('09:00'))).toEqual([]);
  });
});

describe('free room search', () => {
  const neva = { room: ROOM, day: dayOf([booked('b1', '10:00', '11:00')]) };
  const ladoga = { room: ctx({ name: 'Ладога', capacity: 4, equipment: [] }, { roomId: 'ladoga' }), day: dayOf([]) };
  const onega = { room: ctx({ name: 'Онега', capacity: 12, floor: 5, equipment: ['video'] }, { roomId: 'onega' }), day: dayOf([]) };
  const ilmen = { room: ctx({ name: 'Ильмень', capacity: 4 }, { roomId: 'ilmen', retired: true }), day: dayOf([]) };
  const all = [neva, ladoga, onega, ilmen];

  it('returns bookable rooms, smallest fit first, and why the others cannot take the slot', () => {
    const found = findFreeRooms(all, { start: t('10:30'), end: t('11:00'), capacity: 3 }, at('09:00'));
    expect(found.rooms.map((r) => r.roomId)).toEqual(['ladoga', 'onega']);
    expect(found.rooms[0]).toMatchObject({ start: t('10:30'), end: t('11:00'), freeUntil: t('20:00') });
    expect(found.unavailable).toEqual([{ roomId: 'neva', error: expect.objectContaining({ code: 'rooms.slot_taken' }) }]);
  });
  it('filters by equipment and capacity, and tells how long a room stays free', () => {
    expect(
      findFreeRooms(all, { start: t('09:00'), end: t('09:30'), equipment: ['Video'] }, at('08:50')).rooms.map((r) => [r.roomId, r.freeUntil.slice(11, 16)]),
    ).toEqual([
      ['neva', '10:00'],
      ['onega', '20:00'],
    ]);
    expect(findFreeRooms(all, { start: t('09:00'), end: t('09:30'), capacity: 10 }, at('08:50')).rooms.map((r) => r.roomId)).toEqual(['onega']);
  });
  it('prefers rooms near the wanted floor among equal sizes', () => {
    const up = { room: ctx({ name: 'Б', capacity: 4, floor: 9 }, { roomId: 'b' }), day: dayOf([]) };
    const down = { room: ctx({ name: 'А', capacity: 4, floor: 1 }, { roomId: 'a' }), day: dayOf([]) };
    expect(findFreeRooms([up, down], { start: t('09:00'), end: t('09:30'), floor: 8 }, at('08:50')).rooms.map((r) => r.roomId)).toEqual(['b', 'a']);
  });
});

describe('room now', () => {
  it('is busy until the end of a back-to-back chain, free until the next start otherwise', () => {
    const day = dayOf([booked('b1', '10:00', '10:30'), booked('b2', '10:30', '11:15'), booked('b3', '12:00', '12:30')]);
    expect(roomNow(day, at('10:10'))).toMatchObject({ state: 'busy', until: t('11:15'), current: { bookingId: 'b1' }, next: { bookingId: 'b2' } });
    expect(roomNow(day, at('11:20'))).toMatchObject({ state: 'free', until: t('12:00'), next: { bookingId: 'b3' } });
    expect(roomNow(day, at('13:00'))).toMatchObject({ state: 'free', until: null, next: null });
  });
});
