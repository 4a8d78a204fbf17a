/* Shared by the rooms projector specs: a controllable clock and the rooms' write side over a scratch store. */
import { fixedZone, officeWriteSide, roomWriteSide, type RoomContext, type RoomSettingsInput } from '@megabot/domain';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import { RoomsWriter } from './rooms.writer';

export const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };
export const emp = (employeeId: string) => ({ employeeId, roles: ['employee'] });
export const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };

/** A clock the test moves; the managers and the "API" decide at its time. */
export function testClock(iso: string) {
  let now = Date.parse(iso);
  return {
    clock: () => new Date(now),
    set: (at: string) => (now = Date.parse(at)),
    advance: (minutes: number) => (now += minutes * 60_000),
  };
}

let n = 0;

/** Offices, rooms and room-day commands as the API sends them, at the test clock's time. */
export function roomsApi(store: EventStore, clock: () => Date) {
  const offices = new StreamCommandProcessor(store, officeWriteSide, { clock });
  const rooms = new StreamCommandProcessor(store, roomWriteSide, { clock });
  const writer = new RoomsWriter(store, clock);
  return {
    writer,
    async office(officeId: string) {
      await offices.execute({ type: 'CreateOffice', officeId, name: officeId, timeZone: 'UTC', actor: ADMIN }, { commandId: `cmd-${n++}` });
    },
    async room(roomId: string, officeId: string, settings: Partial<RoomSettingsInput> = {}) {
      await rooms.execute(
        {
          type: 'CreateRoom',
          roomId,
          office: { officeId, timeZone: 'UTC', archived: false },
          settings: { name: roomId, floor: 1, capacity: 6, workingHours: ALL_DAY, ...settings },
          actor: ADMIN,
        },
        { commandId: `cmd-${n++}` },
      );
    },
    async context(roomId: string, date: string): Promise<RoomContext> {
      const c = await writer.roomContext(roomId, date);
      return { ...c, zone: fixedZone('UTC', 0) };
    },
  };
}

export const nextCommandId = () => `cmd-${n++}`;
