import { isKnownTimeZone } from '@megabot/platform';
import { ROOM_ID_PATTERN, ROOMS_ID_PATTERN } from '@megabot/contracts';
import { problem } from '../core/problem';

/** The shape of a zone is checked by the DTO and the domain; whether the runtime knows it, here (the domain has no zone database). */
export function checkKnownTimeZone(field: string, zone: string): void {
  if (!isKnownTimeZone(zone)) throw problem(422, 'rooms.invalid_settings', `${field}: unknown time zone "${zone}"`, undefined, { field });
}

export function checkRoomId(roomId: string): void {
  if (!ROOM_ID_PATTERN.test(roomId)) throw problem(400, 'validation.failed', 'roomId must be 1-32 letters, digits, "_" or "-"');
}

export function checkId(field: string, id: string): void {
  if (!ROOMS_ID_PATTERN.test(id)) throw problem(400, 'validation.failed', `${field} must be 1-64 letters, digits, "_" or "-"`);
}

/** Path words under /rooms that a room id would shadow. */
export const RESERVED_ROOM_IDS = new Set(['offices', 'bookings', 'series', 'notifications', 'displays']);
