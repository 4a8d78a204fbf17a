import { createHash } from 'node:crypto';
import { ROOM_ID_PATTERN, ROOMS_ID_PATTERN, type RecurrenceDto } from '@megabot/contracts';
import type { RecurrenceInput } from '@megabot/domain';
import { isKnownTimeZone } from '@megabot/platform';
import { problem } from '../core/problem';

/** The room id of a path, checked before it reaches a stream name. */
export function roomIdOf(roomId: string): string {
  if (!ROOM_ID_PATTERN.test(roomId)) throw problem(400, 'validation.failed', 'roomId must be 1-32 letters, digits, "_" or "-"');
  return roomId;
}

/** An office, booking or series id of a path. */
export function idOf(field: string, id: string): string {
  if (!ROOMS_ID_PATTERN.test(id)) throw problem(400, 'validation.failed', `${field} must be 1-64 letters, digits, "_" or "-"`);
  return id;
}

/** The shape of a zone is checked by the DTO and the domain; whether the runtime knows it, here (the domain has no zone database). */
export function checkKnownTimeZone(field: string, zone: string): void {
  if (!isKnownTimeZone(zone)) throw problem(422, 'rooms.invalid_settings', `${field}: unknown time zone "${zone}"`, undefined, { field });
}

/** Path words under /rooms that a room id would shadow. */
export const RESERVED_ROOM_IDS = new Set(['offices', 'bookings', 'series', 'notifications', 'displays']);

/**
 * An id derived from the request (the actor, its idempotency key, ...): a
 * retry lands on the same booking, series or display instead of making a
 * second one. Short, as booking ids travel in the bot's callback data.
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  return prefix + createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 15);
}

/** A room settings DTO as the domain takes it: only the keys the client sent (class-transformer leaves the rest undefined), as plain data. */
export function settingsOf(body: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined && k !== 'roomId') out[k] = v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v;
  return out;
}

/** A recurrence DTO as the domain takes it (plain data, not class instances). */
export const ruleOf = (rule: RecurrenceDto): RecurrenceInput => JSON.parse(JSON.stringify(rule)) as RecurrenceInput;
