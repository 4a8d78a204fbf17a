import type { RoomEvent } from '@megabot/contracts';
import { decideRoom, evolveRoomDay, fixedZone, initialRoomDayState, initialRoomState, roomDayDecider, type RoomContext } from '@megabot/domain';
import { foldSpec, recordedStream } from '@megabot/testing';
import { evolveDisplayDay, evolveDisplayRoom, evolveDisplayRow } from './display-schedule.fold';

const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };
const DATE = '2025-03-14';
const NOW = new Date(`${DATE}T08:00:00+03:00`);
const at = (hhmm: string) => `${DATE}T${hhmm}:00+03:00`;

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
)[0] as Extract<RoomEvent, { type: 'RoomCreated' }>;
const settings = created.data.settings;
const room: RoomContext = { settings, retired: false, zone: fixedZone('Europe/Moscow', 180) };

describe('display schedule fold', () => {
  it('a display: registered, its token rotated, retired; each change stamped with its revision and position', () => {
    const display = recordedStream('display-door');
    const registered = display('DisplayRegistered', {
      displayId: 'door',
      roomId: 'neva',
      label: 'Door',
      lang: 'ru',
      tokenHash: 'a'.repeat(64),
      tokenHint: 'aaaa',
      registeredBy: 'admin',
      registeredAt: NOW.toISOString(),
    });
    const rotated = display('DisplayTokenRotated', {
      displayId: 'door',
      tokenHash: 'b'.repeat(64),
      tokenHint: 'bbbb',
      rotatedBy: 'admin',
      rotatedAt: NOW.toISOString(),
    });
    const retired = display('DisplayRetired', { displayId: 'door', reason: 'moved', retiredBy: 'admin', retiredAt: NOW.toISOString() });
    const spec = foldSpec(evolveDisplayRow);
    spec
      .given([])
      .when(registered)
      .then({
        display_id: 'door',
        room_id: 'neva',
        status: 'active',
        token_hash: 'a'.repeat(64),
        registered_at: NOW.toISOString(),
        revision: '0',
        pos_commit: registered.position.commit.toString(),
      });
    spec
      .given([registered])
      .when(rotated)
      .then({ token_hash: 'b'.repeat(64), token_hint: 'bbbb', token_rotated_at: NOW.toISOString(), revision: '1' });
    spec
      .given([registered, rotated])
      .when(retired)
      .then({ status: 'retired', retired_at: NOW.toISOString(), token_hash: 'b'.repeat(64) });
    spec.given([registered, rotated]).when(rotated).thenUnchanged();
    expect(evolveDisplayRow(undefined, rotated)).toBeUndefined();
  });

  it('a room: the version moves only when what the sign shows changes', () => {
    const stream = recordedStream('room-neva');
    const create = stream('RoomCreated', created.data);
    const update = (changes: Record<string, unknown>) => {
      const [e] = decideRoom({ status: 'active', settings }, { type: 'UpdateRoom', roomId: 'neva', changes, actor: ADMIN }, NOW) as RoomEvent[];
      return stream(e.type, e.data);
    };
    const spec = foldSpec(evolveDisplayRoom);
    spec.given([]).when(create).then({ room_id: 'neva', retired: false, version: 1, settings });
    spec
      .given([create])
      .when(update({ capacity: 12 }))
      .then({ version: 1, settings: { ...settings, capacity: 12 } });
    spec
      .given([create])
      .when(update({ privacy: true }))
      .then({ version: 2 });
    spec
      .given([create])
      .when(stream('RoomRetired', { roomId: 'neva', retiredBy: 'admin', reason: 'x', retiredAt: NOW.toISOString() }))
      .then({ retired: true, version: 2 });
    expect(evolveDisplayRoom(undefined, update({ capacity: 3 }))).toBeUndefined();
  });

  it('a room-day: the domain’s fold; attendees do not move the version, a title does', () => {
    const stream = recordedStream(`roomday-neva-${DATE}`);
    let state = initialRoomDayState;
    const decide = (command: Record<string, unknown>) => {
      const [e] = roomDayDecider.decide(state, { room, date: DATE, actor: ADMIN, ...command } as never, NOW);
      state = evolveRoomDay(state, e);
      return stream(e.type, e.data);
    };
    const booked = decide({ type: 'BookRoom', bookingId: 'a', title: 'Plan', organizerId: 'anna', start: at('10:00'), end: at('11:00') });
    const attendees = decide({ type: 'ChangeBooking', bookingId: 'a', attendees: ['boris'] });
    const renamed = decide({ type: 'ChangeBooking', bookingId: 'a', title: 'Review' });
    const spec = foldSpec(evolveDisplayDay);
    spec.given([]).when(booked).then({ room_id: 'neva', date: DATE, version: 1, revision: '0' });
    spec.given([booked]).when(attendees).then({ version: 1, revision: '1' });
    spec
      .given([booked, attendees])
      .when(renamed)
      .then({ version: 2, revision: '2', state: JSON.parse(JSON.stringify(state)) });
    spec.given([booked, attendees]).when(attendees).thenUnchanged();
  });
});
