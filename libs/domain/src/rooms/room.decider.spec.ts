import type { OfficeEvent, RoomEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { officeDecider } from './office.decider';
import { roomContextOf, roomDecider, type CreateRoom } from './room.decider';
import { ADMIN, ANNA, settings } from './rooms.fixtures';
import { DEFAULT_BOOKING_POLICY, DEFAULT_WORKING_HOURS } from './rooms.settings';
import { fixedZone } from './zone';

const NOW = new Date('2025-03-01T09:00:00Z');
const offices = deciderSpec(officeDecider);
const rooms = deciderSpec(roomDecider);

const officeCreated: OfficeEvent = {
  type: 'OfficeCreated',
  data: { officeId: 'spb', name: 'Санкт-Петербург', address: 'Невский 1', timeZone: 'Europe/Moscow', createdBy: 'admin', createdAt: NOW.toISOString() },
};

describe('office decider', () => {
  const create = { type: 'CreateOffice' as const, officeId: 'spb', name: ' Санкт-Петербург ', address: 'Невский 1', timeZone: 'Europe/Moscow', actor: ADMIN };
  it('creates an office (admins only)', () => {
    offices.given([]).when(create, NOW).then([officeCreated]);
    offices
      .given([])
      .when({ ...create, actor: ANNA }, NOW)
      .thenThrows('rooms.admin_required');
    offices.given([officeCreated]).when(create, NOW).thenThrows('rooms.office_exists');
    offices
      .given([])
      .when({ ...create, timeZone: 'Moscow time' }, NOW)
      .thenThrows('rooms.invalid_settings', { field: 'timeZone' });
  });
  it('updates only what changed, and archives once', () => {
    offices
      .given([officeCreated])
      .when({ type: 'UpdateOffice', officeId: 'spb', name: 'Санкт-Петербург', address: 'Невский 2', actor: ADMIN }, NOW)
      .then([
        {
          type: 'OfficeUpdated',
          data: {
            officeId: 'spb',
            name: 'Санкт-Петербург',
            address: 'Невский 2',
            timeZone: 'Europe/Moscow',
            changed: ['address'],
            updatedBy: 'admin',
            updatedAt: NOW.toISOString(),
          },
        },
      ]);
    offices.given([officeCreated]).when({ type: 'UpdateOffice', officeId: 'spb', name: 'Санкт-Петербург', actor: ADMIN }, NOW).then([]);
    const archived: OfficeEvent = { type: 'OfficeArchived', data: { officeId: 'spb', archivedBy: 'admin', reason: 'moved', archivedAt: NOW.toISOString() } };
    offices.given([officeCreated]).when({ type: 'ArchiveOffice', officeId: 'spb', reason: 'moved', actor: ADMIN }, NOW).then([archived]);
    offices.given([officeCreated, archived]).when({ type: 'ArchiveOffice', officeId: 'spb', actor: ADMIN }, NOW).then([]);
    offices.given([officeCreated, archived]).when({ type: 'UpdateOffice', officeId: 'spb', name: 'x', actor: ADMIN }, NOW).thenThrows('rooms.office_archived');
    offices.given([]).when({ type: 'ArchiveOffice', officeId: 'spb', actor: ADMIN }, NOW).thenThrows('rooms.office_not_found');
  });
});

describe('room decider', () => {
  const create: CreateRoom = {
    type: 'CreateRoom',
    roomId: 'neva',
    office: { officeId: 'spb', timeZone: 'Europe/Moscow', archived: false },
    settings: { name: 'Нева', floor: 3, capacity: 8, equipment: ['Video', 'whiteboard', 'video'] },
    actor: ADMIN,
  };
  const created: RoomEvent = { type: 'RoomCreated', data: { settings: settings(), createdBy: 'admin', createdAt: NOW.toISOString() } };

  it('creates a room with the defaults: office time zone, Mon-Fri 08-20, no buffer, 10 min check-in, auto-release on, not private', () => {
    rooms.given([]).when(create, NOW).then([created]);
    expect((created.data as { settings: unknown }).settings).toEqual({
      roomId: 'neva',
      officeId: 'spb',
      name: 'Нева',
      floor: 3,
      capacity: 8,
      equipment: ['video', 'whiteboard'],
      workingHours: DEFAULT_WORKING_HOURS,
      timeZone: 'Europe/Moscow',
      bufferMinutes: 0,
      privacy: false,
      checkInWindowMinutes: 10,
      autoRelease: true,
      policy: DEFAULT_BOOKING_POLICY,
    });
  });
  it.each([
    ['capacity', { capacity: 0 }],
    ['workingHours.to', { workingHours: { days: [1], from: '18:00', to: '09:00' } }],
    ['workingHours.days', { workingHours: { days: [0], from: '08:00', to: '09:00' } }],
    ['bufferMinutes', { bufferMinutes: -5 }],
    ['checkInWindowMinutes', { checkInWindowMinutes: 0 }],
    ['policy.maxDurationMinutes', { policy: { minDurationMinutes: 60, maxDurationMinutes: 30 } }],
    ['name', { name: '  ' }],
  ])('validates %s', (field, bad) =>
    rooms
      .given([])
      .when({ ...create, settings: { ...create.settings, ...bad } }, NOW)
      .thenThrows('rooms.invalid_settings', { field }),
  );
  it('rejects a room id that cannot go into a check-in link, an archived office, a second creation and non-admins', () => {
    rooms
      .given([])
      .when({ ...create, roomId: 'нева' }, NOW)
      .thenThrows('rooms.invalid_id');
    rooms
      .given([])
      .when({ ...create, roomId: 'x'.repeat(33) }, NOW)
      .thenThrows('rooms.invalid_id');
    rooms
      .given([])
      .when({ ...create, office: { ...create.office, archived: true } }, NOW)
      .thenThrows('rooms.office_archived');
    rooms.given([created]).when(create, NOW).thenThrows('rooms.room_exists');
    rooms
      .given([])
      .when({ ...create, actor: ANNA }, NOW)
      .thenThrows('rooms.admin_required');
  });
  it('updates the whole settings and names the changed keys; no event without a change', () => {
    const expected = { ...settings(), bufferMinutes: 10, policy: { ...DEFAULT_BOOKING_POLICY, maxDaysAhead: 14 } };
    rooms
      .given([created])
      .when({ type: 'UpdateRoom', roomId: 'neva', changes: { bufferMinutes: 10, policy: { maxDaysAhead: 14 }, name: 'Нева' }, actor: ADMIN }, NOW)
      .then([
        {
          type: 'RoomUpdated',
          data: { roomId: 'neva', settings: expected, changed: ['bufferMinutes', 'policy'], updatedBy: 'admin', updatedAt: NOW.toISOString() },
        },
      ]);
    rooms
      .given([created])
      .when({ type: 'UpdateRoom', roomId: 'neva', changes: { capacity: 8 }, actor: ADMIN }, NOW)
      .then([]);
    rooms
      .given([created])
      .when({ type: 'UpdateRoom', roomId: 'neva', changes: { capacity: -1 }, actor: ADMIN }, NOW)
      .thenThrows('rooms.invalid_settings');
  });
  it('retires a room; booking contexts then say so', () => {
    const retired: RoomEvent = { type: 'RoomRetired', data: { roomId: 'neva', retiredBy: 'admin', reason: 'renovation', retiredAt: NOW.toISOString() } };
    rooms.given([created]).when({ type: 'RetireRoom', roomId: 'neva', reason: 'renovation', actor: ADMIN }, NOW).then([retired]);
    rooms
      .given([created, retired])
      .when({ type: 'UpdateRoom', roomId: 'neva', changes: { capacity: 4 }, actor: ADMIN }, NOW)
      .thenThrows('rooms.room_retired');
    const state = [created, retired].reduce(roomDecider.evolve, roomDecider.initialState);
    const context = roomContextOf('neva', state, (zone, fromMs, toMs) => ({ ...fixedZone(zone, 180), span: [fromMs, toMs] }), NOW.getTime());
    expect(context).toMatchObject({ retired: true, zone: { zone: 'Europe/Moscow', span: [NOW.getTime() - 2 * 86_400_000, NOW.getTime() + 2 * 86_400_000] } });
    expect(() => roomContextOf('gone', roomDecider.initialState, () => fixedZone('UTC', 0), NOW.getTime())).toThrow(
      expect.objectContaining({ code: 'rooms.room_not_found', details: { roomId: 'gone' } }),
    );
  });
});
