/* Test fixtures for the rooms specs (pure data and helpers; not used by production code). */
import type { RoomDayEvent, Actor, RoomSettings } from '@megabot/contracts';
import type { BookRoom, RoomDayCommand } from './room-day.decider';
import { roomDayDecider } from './room-day.decider';
import type { RoomDayState } from './room-day.state';
import { resolveRoomSettings, type RoomContext, type RoomSettingsInput } from './rooms.settings';
import { fixedZone, type ZoneOffsets } from './zone';

/** Friday 14 March 2025 in St Petersburg (UTC+3 all year). */
export const DATE = '2025-03-14';
export const MSK = fixedZone('Europe/Moscow', 180);
/** `HH:MM` on DATE (or another date) in Moscow time, as an instant string. */
export const t = (hhmm: string, date = DATE) => `${date}T${hhmm}:00+03:00`;
/** A Date at `HH:MM[:SS]` Moscow time. */
export const at = (hhmm: string, date = DATE) => new Date(`${date}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+03:00`);

export const ADMIN: Actor = { employeeId: 'admin', roles: ['employee', 'admin'] };
export const emp = (employeeId: string): Actor => ({ employeeId, roles: ['employee'] });
export const ANNA = emp('anna');
export const BORIS = emp('boris');

export function settings(overrides: Partial<RoomSettingsInput> = {}, roomId = 'neva'): RoomSettings {
  return resolveRoomSettings(roomId, 'spb', 'Europe/Moscow', { name: 'Нева', floor: 3, capacity: 8, equipment: ['video', 'whiteboard'], ...overrides });
}

export function ctx(overrides: Partial<RoomSettingsInput> = {}, extra: { retired?: boolean; zone?: ZoneOffsets; roomId?: string } = {}): RoomContext {
  return { settings: settings(overrides, extra.roomId), retired: extra.retired ?? false, zone: extra.zone ?? MSK };
}

export const ROOM = ctx();

/** A BookRoom by anna on DATE. */
export function book(bookingId: string, start: string, end: string, overrides: Partial<BookRoom> = {}): BookRoom {
  return {
    type: 'BookRoom',
    room: ROOM,
    date: DATE,
    actor: ANNA,
    bookingId,
    title: `Meeting ${bookingId}`,
    organizerId: 'anna',
    start: t(start, overrides.date ?? DATE),
    end: t(end, overrides.date ?? DATE),
    ...overrides,
  };
}

/** The RoomBooked event a BookRoom of `book()` produces (decided at `bookedAt`). */
export function booked(bookingId: string, start: string, end: string, overrides: Partial<RoomBooked['data']> = {}, bookedAt = at('08:00')): RoomDayEvent {
  return {
    type: 'RoomBooked',
    data: {
      roomId: 'neva',
      date: DATE,
      bookingId,
      title: `Meeting ${bookingId}`,
      organizerId: 'anna',
      attendees: [],
      private: false,
      start: t(start),
      end: t(end),
      seriesId: null,
      bookedBy: 'anna',
      bookedAt: bookedAt.toISOString(),
      ...overrides,
    },
  };
}
type RoomBooked = Extract<RoomDayEvent, { type: 'RoomBooked' }>;

export const dayOf = (events: RoomDayEvent[]): RoomDayState => events.reduce(roomDayDecider.evolve, roomDayDecider.initialState);

/** Runs commands in order (each at its time) after `given`; returns all events. Throws on a rejection. */
export function run(given: RoomDayEvent[], steps: [RoomDayCommand, Date][]): RoomDayEvent[] {
  const events = [...given];
  let state = dayOf(given);
  for (const [command, now] of steps) {
    const produced = roomDayDecider.decide(state, command, now);
    for (const e of produced) state = roomDayDecider.evolve(state, e);
    events.push(...produced);
  }
  return events;
}
