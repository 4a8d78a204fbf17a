import type { BookingPolicy, RoomSettings, WorkingHours } from '@megabot/contracts';
import { RoomsErrors } from './rooms.errors';
import { DAY_MINUTES, parseHhmm, weekdayOf, type ZoneOffsets } from './zone';

/** The role that manages offices and rooms and may act on anyone's booking. */

/** Monday to Friday, 08:00-20:00 room time. */
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({ days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' }) as WorkingHours;

/**
 * Defaults: 15 min to 4 h per booking, single bookings up to 30 days ahead,
 * recurring ones up to 182 days (half a year), at most 4 bookings per person
 * and day.
 */
export const DEFAULT_BOOKING_POLICY: BookingPolicy = Object.freeze({
  minDurationMinutes: 15,
  maxDurationMinutes: 240,
  maxDaysAhead: 30,
  maxSeriesDaysAhead: 182,
  maxBookingsPerDay: 4,
});

export const DEFAULT_CHECK_IN_WINDOW_MINUTES = 10;
export const DEFAULT_BUFFER_MINUTES = 0;
/** Check-in opens this long before the start (people arrive early). */
export const CHECK_IN_OPENS_BEFORE_MINUTES = 5;
/** A series is flagged after this many unattended occurrences in a row. */
export const DEFAULT_UNATTENDED_LIMIT = 3;
export const MAX_TITLE_LENGTH = 200;
export const MAX_ROOM_NAME_LENGTH = 100;

/**
 * What a booking command knows about its room. The handler folds the room's
 * stream (room.decider) into `settings`/`retired` and builds `zone` - the
 * offsets of `settings.timeZone` over the days the command looks at (e.g.
 * with libs/platform zoneOffsetsFromIntl). The room-day decider trusts it as
 * it trusts `now`.
 */
export interface RoomContext {
  settings: RoomSettings;
  retired: boolean;
  zone: ZoneOffsets;
}

/** What an admin passes to create a room; everything but name/floor/capacity has a default. */
export interface RoomSettingsInput {
  name: string;
  floor: number;
  capacity: number;
  equipment?: string[];
  workingHours?: WorkingHours;
  /** Default: the office's time zone. */
  timeZone?: string;
  bufferMinutes?: number;
  privacy?: boolean;
  checkInWindowMinutes?: number;
  autoRelease?: boolean;
  policy?: Partial<BookingPolicy>;
}

const TIME_ZONE_RE = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2})$/;

export function checkTimeZone(field: string, zone: string): void {
  if (typeof zone !== 'string' || !TIME_ZONE_RE.test(zone))
    throw RoomsErrors.invalidSettings(field, 'an IANA time zone name such as Europe/Moscow is required');
}

function checkInt(field: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw RoomsErrors.invalidSettings(field, `a whole number from ${min} to ${max} is required`);
  }
}

export function checkWorkingHours(field: string, wh: WorkingHours): void {
  if (!wh || !Array.isArray(wh.days) || wh.days.length === 0) throw RoomsErrors.invalidSettings(`${field}.days`, 'at least one weekday is required');
  for (const d of wh.days) checkInt(`${field}.days`, d, 1, 7);
  if (new Set(wh.days).size !== wh.days.length) throw RoomsErrors.invalidSettings(`${field}.days`, 'weekdays must be unique');
  const from = parseHhmm(wh.from);
  const to = parseHhmm(wh.to, true);
  if (from === null) throw RoomsErrors.invalidSettings(`${field}.from`, 'HH:MM is required');
  if (to === null) throw RoomsErrors.invalidSettings(`${field}.to`, 'HH:MM (or 24:00) is required');
  if (to <= from) throw RoomsErrors.invalidSettings(`${field}.to`, 'closing time must be after opening time');
}

export function checkPolicy(p: BookingPolicy): void {
  checkInt('policy.minDurationMinutes', p.minDurationMinutes, 1, DAY_MINUTES);
  checkInt('policy.maxDurationMinutes', p.maxDurationMinutes, p.minDurationMinutes, DAY_MINUTES);
  checkInt('policy.maxDaysAhead', p.maxDaysAhead, 0, 366);
  checkInt('policy.maxSeriesDaysAhead', p.maxSeriesDaysAhead, p.maxDaysAhead, 731);
  checkInt('policy.maxBookingsPerDay', p.maxBookingsPerDay, 1, 100);
}

const normalizeEquipment = (items: string[]) => [...new Set(items.map((e) => String(e).trim().toLowerCase()).filter((e) => e.length > 0))].sort();

/** Validates complete settings (after defaults and after every update). */
export function checkRoomSettings(s: RoomSettings): void {
  const name = s.name?.trim() ?? '';
  if (name.length === 0 || name.length > MAX_ROOM_NAME_LENGTH)
    throw RoomsErrors.invalidSettings('name', `1 to ${MAX_ROOM_NAME_LENGTH} characters are required`);
  checkInt('floor', s.floor, -20, 300);
  checkInt('capacity', s.capacity, 1, 1000);
  if (!Array.isArray(s.equipment) || s.equipment.length > 30 || s.equipment.some((e) => typeof e !== 'string' || e.length > 40)) {
    throw RoomsErrors.invalidSettings('equipment', 'at most 30 tags of at most 40 characters');
  }
  checkWorkingHours('workingHours', s.workingHours);
  checkTimeZone('timeZone', s.timeZone);
  checkInt('bufferMinutes', s.bufferMinutes, 0, 120);
  checkInt('checkInWindowMinutes', s.checkInWindowMinutes, 1, 120);
  if (typeof s.privacy !== 'boolean') throw RoomsErrors.invalidSettings('privacy', 'true or false');
  if (typeof s.autoRelease !== 'boolean') throw RoomsErrors.invalidSettings('autoRelease', 'true or false');
  checkPolicy(s.policy);
}

/** Settings of a new room: input + defaults, normalized and validated. */
export function resolveRoomSettings(roomId: string, officeId: string, officeTimeZone: string, input: RoomSettingsInput): RoomSettings {
  const settings: RoomSettings = {
    roomId,
    officeId,
    name: (input.name ?? '').trim(),
    floor: input.floor,
    capacity: input.capacity,
    equipment: normalizeEquipment(input.equipment ?? []),
    workingHours: normalizeWorkingHours(input.workingHours ?? DEFAULT_WORKING_HOURS),
    timeZone: input.timeZone ?? officeTimeZone,
    bufferMinutes: input.bufferMinutes ?? DEFAULT_BUFFER_MINUTES,
    privacy: input.privacy ?? false,
    checkInWindowMinutes: input.checkInWindowMinutes ?? DEFAULT_CHECK_IN_WINDOW_MINUTES,
    autoRelease: input.autoRelease ?? true,
    policy: { ...DEFAULT_BOOKING_POLICY, ...(input.policy ?? {}) },
  };
  checkRoomSettings(settings);
  return settings;
}

/** A changed copy of `current` (top-level keys replaced, policy merged field by field), normalized and validated. */
export function applySettingsChanges(current: RoomSettings, changes: RoomSettingsChanges): RoomSettings {
  const next: RoomSettings = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    roomId: current.roomId,
    officeId: current.officeId,
    policy: { ...current.policy, ...(changes.policy ?? {}) },
  };
  next.name = next.name?.trim();
  if (changes.equipment) next.equipment = normalizeEquipment(changes.equipment);
  if (changes.workingHours) next.workingHours = normalizeWorkingHours(changes.workingHours);
  checkRoomSettings(next);
  return next;
}
export type RoomSettingsChanges = Partial<Omit<RoomSettings, 'roomId' | 'officeId' | 'policy'>> & { policy?: Partial<BookingPolicy> };

function normalizeWorkingHours(wh: WorkingHours): WorkingHours {
  return { days: Array.isArray(wh.days) ? [...wh.days].sort((a, b) => a - b) : wh.days, from: wh.from, to: wh.to };
}

/** Opening and closing minute of the room on a local date, or null on a non-working day. */
export function workingWindow(settings: RoomSettings, date: string): { from: number; to: number } | null {
  const wh = settings.workingHours;
  if (!wh.days.includes(weekdayOf(date))) return null;
  return { from: parseHhmm(wh.from) ?? 0, to: parseHhmm(wh.to, true) ?? DAY_MINUTES };
}
